package dev.jminikube.core.steps;

import java.time.Duration;

/** Hears each step start and end; the CLI prints them, tests record them, benchmarks time them. */
public interface StepListener {
    StepListener SILENT = new StepListener() {
        @Override
        public void started(String title) {
        }

        @Override
        public void finished(String title, Duration took) {
        }

        @Override
        public void failed(String title, Duration took, Exception cause) {
        }
    };

    void started(String title);

    void finished(String title, Duration took);

    void failed(String title, Duration took, Exception cause);
}
