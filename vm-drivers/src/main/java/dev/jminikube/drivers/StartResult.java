package dev.jminikube.drivers;

import dev.jminikube.core.exec.SshEndpoint;

/**
 * What {@code start} did, where the machine now answers SSH (null for a driver without SSH: none), and the
 * machine itself for the steps that follow.
 */
public record StartResult(Outcome outcome, SshEndpoint ssh, Machine machine) {

    public enum Outcome {
        /** A new machine was created and booted. */
        CREATED,
        /** An existing stopped machine was booted again with its disk. */
        RESTARTED,
        /** A suspended machine continued from its saved state: its guest did not boot. */
        RESUMED,
        /** It was already running; nothing was done. */
        ALREADY_RUNNING
    }
}
