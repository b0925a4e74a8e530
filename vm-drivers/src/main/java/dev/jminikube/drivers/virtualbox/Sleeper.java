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
            throw new dev.jminikube.core.JmkException(dev.jminikube.core.Reason.DRIVER_FAILED, "interrupted while waiting for VirtualBox", e);
        }
    };

    void sleep(Duration duration);
}
