package dev.jminikube.cli;

import dev.jminikube.cluster.KubeconfigEndpoint;
import dev.jminikube.drivers.MachineManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "update-context", mixinStandardHelpOptions = true,
        description = "Point the profile's cluster in your kubeconfig at where this host reaches its API server now.")
final class UpdateContextCommand implements Callable<Integer> {
    private final CliContext ctx;
    private final ClusterReach reach;

    @Mixin
    ProfileOption profile;

    UpdateContextCommand(CliContext ctx, ClusterReach reach) {
        this.ctx = ctx;
        this.reach = reach;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        KubeconfigEndpoint.Update update = new KubeconfigEndpoint(ctx.env(), profile.machines(ctx),
                reach::apiServer).update(name);
        ctx.info(update.changed()
                ? "\"" + name + "\" context in " + ctx.env().kubeconfig() + " now points at " + update.current()
                        + " (was " + (update.previous().isEmpty() ? "no server" : update.previous()) + ")."
                : "\"" + name + "\" context in " + ctx.env().kubeconfig() + " is already correct: " + update.current()
                        + ".");
        return 0;
    }
}
