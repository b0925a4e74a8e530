package dev.jminikube.core;

import java.util.Objects;

/**
 * A failure with a known {@link Reason}. Thrown anywhere, turned into one printed message and an
 * exit code in exactly one place (the CLI's main). {@code advice} overrides the catalogue's advice
 * where the situation knows better (e.g. the exact install command for this OS); {@code details}
 * carries what the user needs to debug, typically a paste-ready command and its output.
 */
public class JmkException extends RuntimeException {
    private final Reason reason;
    private final String advice;
    private final String details;

    public JmkException(Reason reason, String message) {
        this(reason, message, null, null, null);
    }

    public JmkException(Reason reason, String message, Throwable cause) {
        this(reason, message, null, null, cause);
    }

    public JmkException(Reason reason, String message, String advice, String details, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.advice = advice;
        this.details = details;
    }

    public Reason reason() {
        return reason;
    }

    /** The advice to print: the situation's own if it has one, else the catalogue's. */
    public String advice() {
        return advice != null ? advice : reason.advice();
    }

    /** Extra lines shown before the reason (command output, log tail); may be null. */
    public String details() {
        return details;
    }

    public JmkException withAdvice(String newAdvice) {
        return new JmkException(reason, getMessage(), newAdvice, details, getCause());
    }

    public JmkException withDetails(String newDetails) {
        return new JmkException(reason, getMessage(), advice, newDetails, getCause());
    }
}
