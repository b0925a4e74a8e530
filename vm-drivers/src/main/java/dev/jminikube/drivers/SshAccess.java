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
     * The {@code ssh} argv. The host key is checked against the machine's pin (see
     * {@link dev.jminikube.core.exec.HostKeyPin#sshClientOptions()}): strictly once a key is pinned, and pinned by ssh
     * itself ({@code accept-new}) if this is the first contact. The state is read now, so build the argv right before
     * running it.
     *
     * @param tty            add -t (a PTY), for an interactive shell or a command that wants one
     * @param remoteCommand  empty for a login shell
     */
    public List<String> sshArgv(boolean tty, List<String> remoteCommand) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-i", endpoint.privateKey().toString(),
                "-p", Integer.toString(endpoint.port())));
        argv.addAll(endpoint.hostKeyPin().sshClientOptions());
        argv.addAll(List.of("-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes"));
        if (tty) {
            argv.add("-t");
        }
        argv.add(endpoint.user() + "@" + endpoint.host());
        argv.addAll(remoteCommand);
        return argv;
    }
}
