package dev.jminikube.api;

import dev.jminikube.cluster.StartListener;
import java.time.Duration;

/** The cluster module's {@link StartListener}, told to an API {@link ClusterListener}. */
final class StartEvents implements StartListener {
    private final ClusterListener listener;

    StartEvents(ClusterListener listener) {
        this.listener = listener;
    }

    @Override
    public void started(String title) {
        listener.stepStarted(title);
    }

    @Override
    public void finished(String title, Duration took) {
        listener.stepFinished(title, took);
    }

    @Override
    public void failed(String title, Duration took, Exception cause) {
        listener.stepFailed(title, took, Failures.of(cause));
    }

    @Override
    public void note(String line) {
        listener.note(line);
    }

    @Override
    public void warning(String line) {
        listener.warning(line);
    }
}
