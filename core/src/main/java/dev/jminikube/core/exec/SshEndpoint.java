package dev.jminikube.core.exec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a VM answers SSH and how to log in: always public-key auth with a key jminikube generated.
 *
 * <p>There is no known-host key here: each VM generates its host key at first boot, so there is nothing to pin it
 * against beforehand, and {@link SshCommandRunner} accepts any host key. For the NAT drivers (QEMU, VirtualBox) the
 * VM is reached only through a 127.0.0.1 forward jminikube set up; bridged drivers (Hyper-V, VMware) reach the
 * guest's own address on a virtual switch, where pinning the key on first contact would be the stronger choice.
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
