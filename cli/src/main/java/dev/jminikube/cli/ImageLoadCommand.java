package dev.jminikube.cli;

import dev.jminikube.cluster.HostImageExport;
import dev.jminikube.cluster.ImageLoad;
import dev.jminikube.cluster.ImageName;
import dev.jminikube.cluster.RuntimeImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load an image into the cluster's container runtime: an image tar (docker save / OCI layout),",
                "'-' for a tar on stdin, or an image of this host's docker or podman by name (piped, no temp copy)."})
final class ImageLoadCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", paramLabel = "FILE|-|IMAGE", description = "The image archive, '-', or an image name.")
    String source;

    ImageLoadCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        if (source.equals("-")) {
            try (RuntimeImages images = ImageCommand.images(ctx, profile)) {
                report(images.load(ctx.in()), "stdin", images.runtime().flagValue(), name);
            }
            return 0;
        }
        if (looksLikeAFile(source)) {
            ImageLoad.Loaded loaded = new ImageLoad(ctx.env(), profile.machines(ctx)).load(name, Path.of(source));
            ctx.info("Loaded " + loaded.describe() + " into " + loaded.runtime() + " on \"" + name + "\".");
            return 0;
        }
        ImageName image = ImageName.parse(source);
        HostImageExport host = HostImageExport.find(ctx.env(), source);
        try (RuntimeImages images = ImageCommand.images(ctx, profile)) {
            ctx.info("Piping " + image + " from this host's " + host.toolName() + " into the node");
            report(host.pipe(source, images::load), host.toolName(), images.runtime().flagValue(), name);
        }
        return 0;
    }

    /** A file that exists, or a name only a path has (a tar suffix, a directory part that is not a registry's). */
    static boolean looksLikeAFile(String source) {
        boolean exists;
        try {
            exists = Files.exists(Path.of(source));
        } catch (java.nio.file.InvalidPathException e) {
            exists = false; // 'registry:5000/app' on Windows: a name, not a path
        }
        return exists || source.endsWith(".tar") || source.endsWith(".tar.gz")
                || source.endsWith(".tgz") || source.startsWith("/") || source.startsWith("./")
                || source.startsWith("../") || source.startsWith("~") || source.contains("\\");
    }

    private void report(List<String> names, String from, String runtime, String profile) {
        ctx.info("Loaded " + (names.isEmpty() ? "the image" : String.join(", ", names)) + " from " + from + " into "
                + runtime + " on \"" + profile + "\".");
    }
}
