package dev.jminikube.core.steps;

import dev.jminikube.core.JmkException;

/** A step failed: keeps the original reason, prefixes the message with the step that failed. */
public final class StepFailedException extends JmkException {
    private final String step;

    public StepFailedException(String step, JmkException cause) {
        super(cause.reason(), "step \"" + step + "\" failed: " + cause.getMessage(), cause.advice(), cause.details(),
                cause);
        this.step = step;
    }

    public String step() {
        return step;
    }
}
