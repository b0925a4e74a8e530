package dev.jminikube.cli;

import dev.jminikube.cluster.NodeImages;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build the node image from Debian packages (or reuse the cached one); prints its path last.")
final class IsoBuildCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--output", paramLabel = "DIR", description = "Also copy the image into DIR.")
    Path output;

    IsoBuildCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Path iso = NodeImages.builder(ctx.env()).build(Optional.ofNullable(output), ctx::info);
        ctx.out().println(iso);
        ctx.out().flush();
        return 0;
    }
}
