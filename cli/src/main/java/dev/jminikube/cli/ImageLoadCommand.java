package dev.jminikube.cli;

import dev.jminikube.cluster.ImageLoad;
import dev.jminikube.drivers.MachineManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load an image tar (docker save / OCI layout) into the cluster's container runtime.")
final class ImageLoadCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", paramLabel = "FILE", description = "The image archive.")
    Path file;

    ImageLoadCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        ImageLoad.Loaded loaded = new ImageLoad(ctx.env(), profile.machines(ctx)).load(name, file);
        ctx.info("Loaded " + loaded.describe() + " into " + loaded.runtime() + " on \"" + name + "\".");
        return 0;
    }
}
