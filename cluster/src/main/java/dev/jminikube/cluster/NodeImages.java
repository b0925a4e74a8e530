package dev.jminikube.cluster;

import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.Flag;
import dev.jminikube.core.input.FlagValues;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.iso.NodeImageBuilder;
import dev.jminikube.iso.NodeImageRecipe;
import dev.jminikube.iso.SystemHostTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Where a start gets the node image: --iso-url if given, else the cached or freshly built one. */
public final class NodeImages {
    private NodeImages() {
    }

    public static NodeImageBuilder builder(Environment env) {
        return new NodeImageBuilder(NodeImageRecipe.bundled(), env.cacheDir().resolve("iso"),
                new LocalCommandRunner(), new SystemHostTools(env.variables()));
    }

    public static final Flag ISO_URL = new Flag("--iso-url", Reason.USAGE,
            "the path or absolute file:// URL of a node image on this host", "file:///home/me/jminikube-node.iso");

    /** A given image, checked (it must exist); cheap. */
    public static Path given(String isoUrl) {
        Path path;
        if (isoUrl.strip().regionMatches(true, 0, "file:", 0, 5)) {
            path = FlagValues.localPath(ISO_URL, isoUrl, FlagValues.url(ISO_URL, isoUrl, Set.of("file")));
        } else if (isoUrl.contains("://")) {
            throw new JmkException(Reason.GUEST_IMAGE_MISSING, "--iso-url " + isoUrl
                    + ": only local files (a path or file://) are supported",
                    "Download the ISO yourself and pass its path, or leave --iso-url out to build one.", null, null);
        } else {
            path = FlagValues.path(ISO_URL, isoUrl);
        }
        if (!Files.isRegularFile(path)) {
            throw new JmkException(Reason.GUEST_IMAGE_MISSING, "node image " + path + " does not exist");
        }
        return path.toAbsolutePath();
    }
}
