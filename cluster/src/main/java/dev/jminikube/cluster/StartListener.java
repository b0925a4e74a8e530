package dev.jminikube.cluster;

import dev.jminikube.core.steps.StepListener;

/**
 * Hears a start: each step as it starts and ends (see {@link StepListener}), the remarks made inside a step, and
 * warnings. The pipeline itself prints nothing; the CLI prints these, the Java API hands them to its caller.
 */
public interface StartListener extends StepListener {
    StartListener SILENT = new StartListener() {
        @Override
        public void started(String title) {
        }

        @Override
        public void finished(String title, java.time.Duration took) {
        }

        @Override
        public void failed(String title, java.time.Duration took, Exception cause) {
        }

        @Override
        public void note(String line) {
        }

        @Override
        public void warning(String line) {
        }
    };

    /** A remark inside the current step ("loaded jminikube.local/coredns into the node"). */
    void note(String line);

    /** Something the user should know that does not stop the start. */
    void warning(String line);

    /** A line of a download's progress bar; redrawn in place by a terminal. Default: dropped. */
    default void progress(String line) {
    }

    /**
     * What a step is about to do in the node: a command as one shell-quoted line, or a file copied or written
     * ({@link dev.jminikube.core.exec.LoggingCommandRunner}). Default: dropped; the CLI shows them at -v 1.
     */
    default void command(String line) {
    }
}
