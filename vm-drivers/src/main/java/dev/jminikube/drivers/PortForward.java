package dev.jminikube.drivers;

/**
 * One TCP forward from 127.0.0.1:{@code hostPort} on the host to {@code guestPort} in the guest.
 * The host end is always the loopback address: nothing on the host talks to the guest's own IP.
 *
 * @param name what the forward is for: {@code ssh}, {@code apiserver}, or {@code nodeport-<port>}
 */
public record PortForward(String name, int hostPort, int guestPort) {
    public static final String SSH = "ssh";
    public static final String APISERVER = "apiserver";
    public static final int SSH_GUEST_PORT = 22;
    public static final int APISERVER_GUEST_PORT = 8443;

    public PortForward {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("port forward needs a name");
        }
        checkPort(hostPort, "host");
        checkPort(guestPort, "guest");
    }

    private static final String NODEPORT_PREFIX = "nodeport-";

    public static PortForward nodePort(int hostPort, int guestPort) {
        return new PortForward(NODEPORT_PREFIX + guestPort, hostPort, guestPort);
    }

    /** A forward made for a service's NodePort (not SSH or the API server); not an "is" getter, so not a YAML field. */
    public boolean servesNodePort() {
        return name.startsWith(NODEPORT_PREFIX);
    }

    public PortForward withHostPort(int newHostPort) {
        return new PortForward(name, newHostPort, guestPort);
    }

    private static void checkPort(int port, String side) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(side + " port out of range: " + port);
        }
    }
}
