package dev.jminikube.cli;

import dev.jminikube.cluster.BuildContext;
import dev.jminikube.cluster.ImageName;
import dev.jminikube.cluster.RuntimeImages;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build an image in the node from a Dockerfile, straight into the cluster's container runtime.")
final class ImageBuildCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "The image's name (required: pods use "
            + "images by name).")
    String tag;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The Dockerfile (default: DIR/Dockerfile).")
    Path dockerfile;

    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]", description = "A build argument (repeatable); KEY alone "
            + "takes its value from this shell's environment, as docker build does.")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--no-cache", description = "Build every step again, using no cached layer.")
    boolean noCache;

    @Parameters(index = "0", paramLabel = "DIR", description = "The build context.")
    Path dir;

    ImageBuildCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        if (tag == null) {
            throw new JmkException(Reason.USAGE, "image build needs -t NAME[:TAG]: pods name the images they run")
                    .withAdvice("e.g. 'jminikube image build -t my-app:1.0 .'");
        }
        ImageName image = ImageName.parse(tag);
        for (String arg : buildArgs) {
            if (!arg.matches("[A-Za-z_][A-Za-z0-9_]*(=.*)?")) {
                throw new JmkException(Reason.USAGE, "--build-arg " + dev.jminikube.core.input.ControlCharacters.escape(arg)
                        + " is not KEY=VALUE").withAdvice("e.g. --build-arg VERSION=1.2");
            }
        }
        BuildContext context = BuildContext.of(dir, Optional.ofNullable(dockerfile));
        long began = System.nanoTime();
        try (RuntimeImages images = ImageCommand.images(ctx, profile)) {
            ctx.info("Building " + image + " in \"" + name + "\" (" + images.runtime().flagValue() + ") from " + context.dir());
            images.build(new RuntimeImages.BuildRequest(context, image, withValues(buildArgs, ctx.env()), noCache), line -> {
                ctx.out().println("    " + line);
                ctx.out().flush();
            });
            ctx.info(String.format("Built %s in %.1f s; pods use it with imagePullPolicy IfNotPresent or Never.", image,
                    (System.nanoTime() - began) / 1e9));
        }
        return 0;
    }

    /**
     * KEY alone is docker's "from my environment": the node's build would otherwise read the node's environment. A
     * KEY this environment lacks is left out, so the Dockerfile's default applies, as with docker.
     */
    static List<String> withValues(List<String> args, dev.jminikube.core.Environment env) {
        List<String> resolved = new ArrayList<>();
        for (String arg : args) {
            if (arg.contains("=")) {
                resolved.add(arg);
            } else {
                env.variable(arg).ifPresent(value -> resolved.add(arg + "=" + value));
            }
        }
        return resolved;
    }
}
