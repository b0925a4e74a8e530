package dev.jminikube.api;

import java.time.Duration;

/**
 * Hears what a start does, as the CLI prints it: each step as it starts and ends, remarks made inside a step, and
 * warnings that do not stop the start. Every method has an empty default; implement the ones you want.
 */
public interface ClusterListener {
    /** Hears nothing. */
    ClusterListener NONE = new ClusterListener() {
    };

    /** A step began (e.g. "Waiting for SSH"). */
    default void stepStarted(String step) {
    }

    /** A step ended well after {@code took}. */
    default void stepFinished(String step, Duration took) {
    }

    /** A step failed after {@code took}; {@code why} is what the start then fails with (or, for an add-on, warns). */
    default void stepFailed(String step, Duration took, JminikubeException why) {
    }

    /** A remark inside the current step (e.g. "loaded jminikube.local/coredns into the node"). */
    default void note(String line) {
    }

    /** Something worth knowing that does not stop the start (e.g. an add-on that could not be enabled). */
    default void warning(String line) {
    }
}
