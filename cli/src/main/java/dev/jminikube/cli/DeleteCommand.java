package dev.jminikube.cli;

import dev.jminikube.bootstrap.kubeconfig.KubeconfigMerger;
import dev.jminikube.core.JmkException;
import java.util.List;

import dev.jminikube.drivers.MachineManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a cluster: its VM and all its files.")
final class DeleteCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = "--all", description = "Delete every profile.")
    boolean all;

    @Option(names = "--purge", description = "With --all: also remove the whole JMINIKUBE_HOME, caches included.")
    boolean purge;

    DeleteCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        MachineManager machines = new MachineManager(ctx.env(), ctx::warn);
        if (all) {
            List<String> profiles = machines.profiles();
            machines.deleteAll(purge);
            profiles.forEach(this::removeContext);
            ctx.info(purge ? "Deleted every profile and " + ctx.env().home() + "." : "Deleted every profile.");
            return 0;
        }
        String name = profile.validated();
        machines.delete(name);
        removeContext(name);
        ctx.info("Deleted \"" + name + "\".");
        return 0;
    }

    /** Removes exactly the profile's cluster, user and context from the kubeconfig; others stay as they are. */
    private void removeContext(String name) {
        try {
            new KubeconfigMerger(ctx.env().kubeconfig()).remove(name);
        } catch (JmkException e) {
            // The VM is gone already; a kubeconfig we may not rewrite is the user's to fix, not a failed delete.
            ctx.warn("the context \"" + name + "\" is still in the kubeconfig: " + e.getMessage());
            ctx.warn(e.advice());
        }
    }
}
