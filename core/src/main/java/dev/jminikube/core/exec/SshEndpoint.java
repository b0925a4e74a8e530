package dev.jminikube.core.exec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a VM answers SSH and how to log in: always public-key auth with a key jminikube generated.
 *
 * <p>There is deliberately no known-host key here: the VMs are reached only through port forwards on
 * 127.0.0.1 that jminikube itself set up, and each VM generates its host key at first boot, so there is
 * nothing to pin it against. {@link SshCommandRunner} therefore accepts any host key.
 */
public record SshEndpoint(String host, int port, String user, Path privateKey) {
    public SshEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(privateKey, "privateKey");
        if (host.isBlank() || user.isBlank()) {
            throw new IllegalArgumentException("SSH host and user must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SSH port out of range: " + port);
        }
    }

    /** {@code user@host:port}, for messages. */
    public String address() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return user + "@" + h + ":" + port;
    }
}
