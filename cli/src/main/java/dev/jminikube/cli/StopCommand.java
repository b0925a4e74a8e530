package dev.jminikube.cli;

import dev.jminikube.cluster.ClusterStop;
import dev.jminikube.drivers.MachineManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stop", mixinStandardHelpOptions = true, description = {
        "Stop a running cluster's VM, keeping its disk.",
        "By default the VM is suspended: its memory is saved to the machine directory and the next 'start' resumes "
                + "the cluster where it was, pods and all, in seconds. --power-off shuts it down instead (a cold boot "
                + "next time). The none driver always shuts down."})
final class StopCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = "--power-off", description = "Shut the VM down instead of suspending it; a suspended VM's saved "
            + "state is discarded (what was in its memory is lost, as in a power cut).")
    boolean powerOff;

    StopCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        MachineManager machines = profile.machines(ctx);
        ClusterStop.Stopped stopped = new ClusterStop(ctx.env(), machines, new ClusterStop.Listener() {
            @Override
            public void suspending() {
                ctx.info("Suspending \"" + name + "\" (saving the VM's memory; 'jminikube start' resumes it) ...");
            }

            @Override
            public void stoppingKubernetes() {
                ctx.info("Stopping Kubernetes in \"" + name + "\" ...");
            }

            @Override
            public void kubernetesNotStopped(RuntimeException why) {
                ctx.warn("could not stop Kubernetes cleanly (" + why.getMessage() + "); powering off anyway");
            }
        }).stop(name, powerOff);
        String took = String.format(" (%.1fs)", stopped.took().toNanos() / 1e9);
        ctx.info(switch (stopped.outcome()) {
            case SUSPENDED -> "Suspended \"" + name + "\"" + took + "; 'jminikube start -p " + name + "' resumes it.";
            case POWERED_OFF -> "Stopped \"" + name + "\"" + took + ".";
            case ALREADY_SUSPENDED -> "\"" + name + "\" is suspended already ('jminikube stop --power-off' shuts it down).";
            case NOT_RUNNING -> "\"" + name + "\" was not running.";
        });
        return 0;
    }
}
