package dev.jminikube.cluster;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.NoSpaceLeft;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandFailedException;
import java.util.Locale;
import java.util.Optional;

/**
 * The reason a failure is reported with, as the CLI reports it: a {@link JmkException} as it is; a command that
 * failed in the node as GUEST_COMMAND_FAILED (GUEST_DISK_FULL when it says so); a full host disk, wherever it
 * surfaced, as RESOURCE_DISK_FULL. Empty for anything else (a bug of ours).
 */
public final class FailureReasons {
    private FailureReasons() {
    }

    public static Optional<JmkException> of(Throwable failure) {
        if (failure instanceof JmkException jmk) {
            return Optional.of(jmk);
        }
        if (failure instanceof CommandFailedException failed) {
            // A command in the node that no step expected to fail: its own words are what the user can act on.
            boolean full = failed.result().combinedOutput().toLowerCase(Locale.ROOT).contains("no space left on device");
            return Optional.of(new JmkException(full ? Reason.GUEST_DISK_FULL : Reason.GUEST_COMMAND_FAILED,
                    (full ? "the node's disk is full: " : "") + failed.getMessage(), failed));
        }
        if (NoSpaceLeft.in(failure)) {
            return Optional.of(new JmkException(Reason.RESOURCE_DISK_FULL,
                    "no space left on the host's disk (" + failure.getMessage() + ")", failure));
        }
        return Optional.empty();
    }
}
