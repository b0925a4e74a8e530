package dev.jminikube.drivers.wait;

import java.time.Duration;

/** Waits for one thing about a machine to become true (testcontainers' WaitStrategy). */
public interface WaitStrategy {

    /** What is waited for, e.g. "SSH on root@127.0.0.1:40022", for step titles and errors. */
    String description();

    /** Returns once ready; throws a {@link dev.jminikube.core.JmkException} on timeout or when waiting is hopeless. */
    void waitUntilReady(Duration timeout);
}
