package dev.jminikube.cli;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.cluster.NodeCopy;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.MachineManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cp", mixinStandardHelpOptions = true,
        description = {"Copy a file between this host and the node, as minikube's cp:",
                "  jminikube cp ./local.txt /home/docker/remote.txt    (to the node; NODE:/path also works)",
                "  jminikube cp NODE:/home/docker/remote.txt ./local   (from the node; NODE is the profile's name)"})
final class CpCommand implements Callable<Integer> {
    private final CliContext ctx;
    private final ClusterReach reach;

    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", paramLabel = "SRC", description = "A file on this host, or NODE:/absolute/path.")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "An absolute node path (or NODE:/path), or a host path.")
    String target;

    CpCommand(CliContext ctx, ClusterReach reach) {
        this.ctx = ctx;
        this.reach = reach;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        NodeCopy cp = new NodeCopy(ClusterConfig.nodeNameFor(name), ctx.env().workingDir(), ctx.env().os());
        // Both sides are checked before the machine is asked for anything.
        NodeCopy.Location from = cp.source(source);
        NodeCopy.Location to = cp.target(target, from);
        MachineManager machines = profile.machines(ctx);
        try (CommandRunner node = reach.guest(machines, name)) {
            NodeCopy.Copied copied = cp.copy(from, to, node);
            ctx.info("Copied " + describe(copied.from(), name) + " to " + describe(copied.to(), name) + " ("
                    + copied.bytes() + " bytes).");
        }
        return 0;
    }

    private static String describe(NodeCopy.Location at, String node) {
        return at instanceof NodeCopy.Host host ? host.path().toString()
                : ClusterConfig.nodeNameFor(node) + ":" + ((NodeCopy.Node) at).path();
    }
}
