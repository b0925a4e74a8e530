package dev.jminikube.cli;

import dev.jminikube.cluster.ClusterDelete;
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
        ClusterDelete delete = new ClusterDelete(ctx.env(), profile.machines(ctx), ctx::warn);
        if (all) {
            if (!purge) {
                delete.deleteAll();
                ctx.info("Deleted every profile.");
                return 0;
            }
            MachineManager.Purge purged = delete.purge();
            ctx.info(purged.homeRemoved() ? "Deleted every profile and " + ctx.env().home() + "."
                    : "Deleted every profile and jminikube's files in " + ctx.env().home() + "; " + leftLine(purged));
            return 0;
        }
        String name = profile.validated();
        ctx.info(switch (delete.delete(name)) {
            case DELETED -> "Deleted \"" + name + "\".";
            case KUBECONFIG_ENTRIES_ONLY -> "Profile \"" + name + "\" has no machine; took its entries out of the kubeconfig.";
            // minikube's wording: a delete of nothing succeeds (scripts delete before they start) but says so
            case DID_NOT_EXIST -> "Profile \"" + name + "\" not found. 'jminikube profile list' shows the profiles.";
        });
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
}
