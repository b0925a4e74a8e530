package dev.jminikube.drivers.virtualbox;

import java.time.Duration;

/** Waits between polls and retries; tests pass one that only moves a fake clock. */
@FunctionalInterface
interface Sleeper {
    Sleeper SYSTEM = d -> {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for VirtualBox", e);
        }
    };

    void sleep(Duration duration);
}
