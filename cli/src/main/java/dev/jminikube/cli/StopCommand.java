package dev.jminikube.cli;

import dev.jminikube.bootstrap.Localkube;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.DriverState;
import java.time.Duration;

import dev.jminikube.drivers.MachineManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a running cluster's VM, keeping its disk.")
final class StopCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    StopCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        MachineManager machines = new MachineManager(ctx.env(), ctx::warn);
        if (machines.status(name).host() == DriverState.RUNNING && Clusters.state(ctx.env(), name).isPresent()) {
            ctx.info("Stopping Kubernetes in \"" + name + "\" ...");
            try (CommandRunner guest = machines.guestRunner(name)) {
                Localkube.shutdown(guest, Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                // Best effort: the VM is powered off either way.
                ctx.warn("could not stop Kubernetes cleanly (" + e.getMessage() + "); powering off anyway");
            }
        }
        boolean stopped = machines.stop(name);
        ctx.info(stopped ? "Stopped \"" + name + "\"." : "\"" + name + "\" was not running.");
        return 0;
    }
}
