package dev.jminikube.core.exec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a VM answers SSH, how to log in (always public-key auth with a key jminikube generated), and where the
 * machine's host key is pinned. Each VM generates its host keys at first boot; the first successful connection pins
 * the key it presented ({@link HostKeyPin}) and every later one must present the same, whatever address or forwarded
 * port the machine has by then.
 */
public record SshEndpoint(String host, int port, String user, Path privateKey, HostKeyPin hostKeyPin) {
    public SshEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(hostKeyPin, "hostKeyPin");
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
