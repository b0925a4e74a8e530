package dev.jminikube.drivers;

import dev.jminikube.core.exec.SshEndpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CLI needs to exec the system {@code ssh} client for an interactive session (a PTY is
 * something only a real terminal client gives).
 */
public record SshAccess(SshEndpoint endpoint) {

    /**
     * The {@code ssh} argv: host-key checks are off because the guest makes its host key at first
     * boot and is reached only through our own 127.0.0.1 forward.
     *
     * @param tty            add -t (a PTY), for an interactive shell or a command that wants one
     * @param remoteCommand  empty for a login shell
     */
    public List<String> sshArgv(boolean tty, List<String> remoteCommand) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-i", endpoint.privateKey().toString(),
                "-p", Integer.toString(endpoint.port()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "IdentitiesOnly=yes"));
        if (tty) {
            argv.add("-t");
        }
        argv.add(endpoint.user() + "@" + endpoint.host());
        argv.addAll(remoteCommand);
        return argv;
    }
}
