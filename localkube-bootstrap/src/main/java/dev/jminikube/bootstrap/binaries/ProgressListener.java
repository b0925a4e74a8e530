package dev.jminikube.bootstrap.binaries;

/** Progress of a fetch, per file, in bytes. Called often; implementations throttle their own output. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (file, done, total) -> { };

    /** @param total the file's size, or -1 when the server did not say */
    void bytes(String file, long done, long total);
}
