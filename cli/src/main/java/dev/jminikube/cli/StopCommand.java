package dev.jminikube.cli;

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
        boolean stopped = new MachineManager(ctx.env(), ctx::warn).stop(name);
        ctx.info(stopped ? "Stopped \"" + name + "\"." : "\"" + name + "\" was not running.");
        return 0;
    }
}
