package dev.jminikube.cli;

import dev.jminikube.cluster.ProfileStore;
import dev.jminikube.bootstrap.ImageLoader;
import dev.jminikube.bootstrap.images.ImageArchiveInfo;
import dev.jminikube.bootstrap.images.ImageTarReader;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
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
        ImageArchiveInfo info = ImageTarReader.inspect(file);
        if (info.gzipped()) {
            throw new JmkException(Reason.IMAGE_FILE_INVALID, file + " is gzip-compressed")
                    .withAdvice("Decompress it first (gunzip -k " + file + ") and load the .tar.");
        }
        var state = ProfileStore.of(ctx.env(), name).cluster().orElseThrow(() -> new JmkException(Reason.GUEST_NOT_FOUND,
                        "profile \"" + name + "\" has no Kubernetes cluster"));
        MachineManager machines = new MachineManager(ctx.env(), ctx::warn);
        try (CommandRunner guest = machines.guestRunner(name)) {
            new ImageLoader(guest, state.runtime()).load(file);
        }
        ctx.info("Loaded " + (info.repoTags().isEmpty() ? file.getFileName().toString() : String.join(", ", info.repoTags()))
                + " into " + state.runtime().flagValue() + " on \"" + name + "\".");
        return 0;
    }
}
