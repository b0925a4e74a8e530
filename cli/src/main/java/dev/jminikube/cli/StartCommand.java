package dev.jminikube.cli;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.MachineSpec;
import dev.jminikube.drivers.ResourceCheck;
import dev.jminikube.drivers.StartResult;
import dev.jminikube.drivers.SystemHostResources;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start", mixinStandardHelpOptions = true, description = "Start a cluster (creates the VM on first use).")
final class StartCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = "--driver", paramLabel = "NAME", description = "VM driver (default: the best one for this host).")
    String driver;

    @Option(names = "--cpus", defaultValue = "" + MachineSpec.DEFAULT_CPUS, description = "CPUs for the VM.")
    int cpus;

    @Option(names = "--memory", defaultValue = MachineSpec.DEFAULT_MEMORY_MB + "mb",
            description = "Memory for the VM, e.g. 2200mb or 4g.")
    String memory;

    @Option(names = "--disk-size", defaultValue = MachineSpec.DEFAULT_DISK_MB + "mb",
            description = "Size of the VM's data disk, e.g. 20g.")
    String diskSize;

    @Option(names = "--iso-url", paramLabel = "PATH",
            description = "Node image to boot (a path or file:// URL). Default: the built-in image, built if needed.")
    String isoUrl;

    @Option(names = "--no-kubernetes", description = "Start only the VM, without Kubernetes.")
    boolean noKubernetes;

    StartCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        long memoryMb = Sizes.toMegabytes("--memory", memory, Reason.RESOURCE_MEMORY);
        long diskMb = Sizes.toMegabytes("--disk-size", diskSize, Reason.RESOURCE_DISK_SIZE);
        if (!noKubernetes) {
            // Honest about what this build can do: the Kubernetes bootstrapper is not part of it yet.
            throw new JmkException(Reason.USAGE, "this build of jminikube can start the VM only; Kubernetes "
                    + "bootstrapping is not available yet",
                    "Run 'jminikube start --no-kubernetes' to get the node VM.", null, null);
        }
        MachineManager machines = new MachineManager(ctx.env(), ctx::warn);
        if (machines.status(name).host() == DriverState.NONEXISTENT) {
            // Bad flags fail before the node image is built (minutes) for a machine that would refuse them.
            new ResourceCheck(new SystemHostResources()).checkHostResources(cpus, memoryMb, diskMb);
        }
        Path iso = NodeImages.resolve(ctx, isoUrl);
        MachineSpec spec = new MachineSpec(name, driver, cpus, memoryMb, diskMb, iso, MachineSpec.DEFAULT_SSH_TIMEOUT);
        StartResult result = machines.start(spec, new ConsoleStepListener(ctx));
        switch (result.outcome()) {
            case ALREADY_RUNNING -> ctx.info("The \"" + name + "\" VM is already running; nothing to do.");
            default -> ctx.info("Done! The \"" + name + "\" VM is up (no Kubernetes): 'jminikube ssh -p " + name
                    + "' logs in.");
        }
        return 0;
    }
}
