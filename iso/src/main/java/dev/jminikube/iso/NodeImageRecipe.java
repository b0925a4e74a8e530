package dev.jminikube.iso;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The recipe of the node image: the build script shipped in this jar and the image version. The
 * cache key is a hash of both, so any change to the recipe builds a new image and an unchanged
 * recipe reuses the cached one.
 */
public final class NodeImageRecipe {
    public static final String IMAGE_VERSION = "v0.1.0";
    static final String SCRIPT_RESOURCE = "build-node-image.sh";

    private final byte[] script;
    private final String version;

    public NodeImageRecipe(byte[] script, String version) {
        this.script = script.clone();
        this.version = version;
    }

    public static NodeImageRecipe bundled() {
        try (InputStream in = NodeImageRecipe.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("node image recipe " + SCRIPT_RESOURCE + " missing from the jar");
            }
            return new NodeImageRecipe(in.readAllBytes(), IMAGE_VERSION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] script() {
        return script.clone();
    }

    public String version() {
        return version;
    }

    /** sha256 over the version and the script, hex. */
    public String sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(version.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(script);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file name of the image this recipe builds, e.g. jminikube-node-v0.1.0-1a2b3c4d5e6f.iso. */
    public String isoFileName() {
        return "jminikube-node-" + version + "-" + sha256().substring(0, 12) + ".iso";
    }
}
