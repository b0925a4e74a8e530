package dev.jminikube.cli;

import dev.jminikube.drivers.MachineManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ip", mixinStandardHelpOptions = true,
        description = "Print the node's IP address (as the node sees it; NAT drivers reach it through 127.0.0.1 forwards).")
final class IpCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    IpCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.out().println(profile.machines(ctx).ip(profile.validated()));
        ctx.out().flush();
        return 0;
    }
}
