package dev.jminikube.core.exec;

import java.util.Objects;

/**
 * SSH to a machine could not be established (or broke mid-command). The message names the endpoint
 * and the cause in words; {@link #failure()} lets callers pick a reason without parsing it.
 */
public class SshConnectException extends RuntimeException {

    /** What went wrong, coarsely: enough to choose between "wait and retry" and "give up". */
    public enum Failure {
        /** Nothing listens, or the address does not resolve: typically the VM (or its port forward) is not up. */
        UNREACHABLE,
        /** No TCP connection or no SSH answer within the connect timeout. */
        TIMED_OUT,
        /** TCP connected but the SSH handshake failed (closed early, e.g. sshd in the guest not started yet). */
        HANDSHAKE_FAILED,
        /** The server refused our key. Retrying will not help. */
        AUTH_REJECTED,
        /** The private key file is missing or unreadable. Retrying will not help. */
        KEY_UNUSABLE,
        /** The connection is up but the server would not open another channel (too many at once). */
        CHANNEL_REFUSED,
        /** An established connection dropped while a command was starting or running. */
        CONNECTION_LOST,
    }

    private final SshEndpoint endpoint;
    private final Failure failure;

    public SshConnectException(SshEndpoint endpoint, Failure failure, String why, Throwable cause) {
        super("SSH to " + endpoint.address() + " failed: " + why, cause);
        this.endpoint = endpoint;
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public SshEndpoint endpoint() {
        return endpoint;
    }

    public Failure failure() {
        return failure;
    }
}
