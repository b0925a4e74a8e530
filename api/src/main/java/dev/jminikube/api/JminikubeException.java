package dev.jminikube.api;

/**
 * A jminikube operation failed for a known reason: the same reason, exit code and advice the CLI prints for the same
 * input ({@code X Exiting due to RSRC_MEMORY: ...}). The message is written for a person; {@link #reasonId()} is
 * stable and safe to compare in code.
 */
public class JminikubeException extends RuntimeException {
    private final String reasonId;
    private final int exitCode;
    private final String advice;
    private final String details;

    /**
     * @param reasonId the stable reason ID (e.g. {@code GUEST_NOT_FOUND})
     * @param exitCode the exit code the CLI exits with for this reason
     * @param message  what went wrong
     * @param advice   what to do about it
     * @param details  extra lines to debug with (a command and its output); may be null
     * @param cause    the underlying failure, only for failures that are bugs of jminikube (reason
     *                 {@code MK_PROGRAM_ERROR}); may be null
     */
    public JminikubeException(String reasonId, int exitCode, String message, String advice, String details,
                              Throwable cause) {
        super(message, cause);
        this.reasonId = reasonId;
        this.exitCode = exitCode;
        this.advice = advice;
        this.details = details;
    }

    /** The stable reason ID, as the CLI prints it after "Exiting due to" (e.g. {@code RSRC_MEMORY}). */
    public String reasonId() {
        return reasonId;
    }

    /** The exit code the CLI would have exited with. */
    public int exitCode() {
        return exitCode;
    }

    /** One line saying what to do about it. */
    public String advice() {
        return advice;
    }

    /** Extra lines to debug with (typically a paste-ready command and its output); null when there are none. */
    public String details() {
        return details;
    }

    /** The reason ID and message, then the advice, as the CLI prints them. */
    @Override
    public String toString() {
        return "JminikubeException " + reasonId + ": " + getMessage() + (advice == null ? "" : " (Advice: " + advice + ")");
    }
}
