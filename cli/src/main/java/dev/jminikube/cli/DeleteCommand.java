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

    @Option(names = "--purge", description = "With --all: also remove what jminikube keeps in JMINIKUBE_HOME (caches, "
            + "locks, logs), and the directory itself when nothing else is in it; other files there stay.")
    boolean purge;

    DeleteCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        MachineManager machines = new MachineManager(ctx.env(), ctx::warn);
        if (all) {
            List<String> profiles = machines.profiles();
            if (!purge) {
                machines.deleteAll();
                profiles.forEach(this::removeContext);
                ctx.info("Deleted every profile.");
                return 0;
            }
            MachineManager.Purge purged = machines.purge();
            profiles.forEach(this::removeContext);
            ctx.info(purged.homeRemoved() ? "Deleted every profile and " + ctx.env().home() + "."
                    : "Deleted every profile and jminikube's files in " + ctx.env().home() + "; " + leftLine(purged));
            return 0;
        }
        String name = profile.validated();
        if (machines.delete(name) == MachineManager.DeleteOutcome.DID_NOT_EXIST) {
            // minikube's answer too: nothing to do is no failure, so scripts that delete before they start work.
            // Entries a deleted machine left in the kubeconfig (deleted by hand, another home) still go, as there.
            if (kubeconfigMentions(name)) {
                removeContext(name);
                ctx.info("Profile \"" + name + "\" has no machine; took its entries out of the kubeconfig.");
            } else {
                ctx.info("Profile \"" + name + "\" does not exist; nothing to delete.");
            }
            return 0;
        }
        removeContext(name);
        ctx.info("Deleted \"" + name + "\".");
        return 0;
    }

    /** What --purge left in JMINIKUBE_HOME, in one line: at most a few names, then how many more. */
    static String leftLine(MachineManager.Purge purged) {
        List<String> names = purged.leftOver();
        if (names.isEmpty()) {
            return "left the path itself in place: it is not a plain directory (a symbolic link?).";
        }
        int shown = Math.min(names.size(), 5);
        String list = String.join(", ", names.subList(0, shown))
                + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
        return "left it in place with what jminikube did not make: " + list + ".";
    }

    private boolean kubeconfigMentions(String name) {
        try {
            return new KubeconfigMerger(ctx.env().kubeconfig()).mentions(name);
        } catch (JmkException e) {
            return false; // a file kubectl cannot read either holds nothing of ours to take out
        }
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
