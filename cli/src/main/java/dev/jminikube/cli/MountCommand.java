package dev.jminikube.cli;

import dev.jminikube.cluster.mount.HostMount;
import dev.jminikube.drivers.Machine;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jminikube mount HOST_DIR:NODE_DIR}: shares a host directory with the node until Ctrl-C, as minikube's mount
 * does (a 9P server here, the node's kernel its client over TCP). Ctrl-C unmounts it in the node first.
 */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Share a host directory with the node until Ctrl-C (9P over a loopback port).",
                "Pods see it through a hostPath volume of NODE_DIR; host edits show at once (no cache)."})
final class MountCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", paramLabel = "HOST_DIR:NODE_DIR", description = "e.g. $PWD/src:/src")
    String spec;

    MountCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        HostMount.Spec mount = HostMount.Spec.parse(spec, ctx.env().workingDir());
        Machine machine = profile.machines(ctx).machine(name);
        ctx.info("Mounting host path " + mount.hostDir() + " into the node as " + mount.nodeDir() + " ...");
        HostMount running = HostMount.start(machine, mount, line -> { });
        // Ctrl-C ends the JVM: unmount in the node first, or its processes would see a dead mount.
        Thread unmountOnExit = new Thread(running::close, "unmount");
        Runtime.getRuntime().addShutdownHook(unmountOnExit);
        try {
            ctx.info(MountDaemon.MOUNTED + " " + mount.hostDir() + " to " + mount.nodeDir() + " (9P on 127.0.0.1:"
                    + running.port() + ")");
            ctx.info("This process must stay alive for the mount to be accessible; Ctrl-C unmounts it.");
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.close();
            try {
                Runtime.getRuntime().removeShutdownHook(unmountOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: the mount is gone either way
            }
        }
        return 0;
    }
}
