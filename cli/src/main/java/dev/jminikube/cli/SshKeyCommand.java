package dev.jminikube.cli;

import dev.jminikube.drivers.MachineManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** minikube's {@code ssh-key}: the path alone on stdout, so {@code ssh -i "$(jminikube ssh-key)" ...} works. */
@Command(name = "ssh-key", mixinStandardHelpOptions = true,
        description = "Print the path of the private key that logs into the profile's node over SSH.")
final class SshKeyCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    SshKeyCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        ctx.out().println(profile.machines(ctx).sshPrivateKey(name));
        ctx.out().flush();
        return 0;
    }
}
