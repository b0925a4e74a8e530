package dev.jminikube.drivers;

import java.net.URI;
import java.util.Objects;

/**
 * Where this host reaches one port of the guest: {@code 127.0.0.1} and a forwarded port for NAT drivers
 * (QEMU, VirtualBox), the guest's own IP and the same port for bridged ones (Hyper-V, VMware), and
 * {@code 127.0.0.1} and the same port for {@code none}, whose node is this host.
 */
public record HostEndpoint(String host, int port) {
    public HostEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static HostEndpoint loopback(int port) {
        return new HostEndpoint("127.0.0.1", port);
    }

    /** {@code scheme://host:port}, an IPv6 host in brackets. */
    public URI uri(String scheme) {
        return URI.create(scheme + "://" + hostForUrl() + ":" + port);
    }

    private String hostForUrl() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return hostForUrl() + ":" + port;
    }
}
