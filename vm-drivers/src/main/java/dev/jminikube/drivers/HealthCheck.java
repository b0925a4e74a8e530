package dev.jminikube.drivers;

import dev.jminikube.core.Environment;

/** Checks whether a driver can work on this host; the registry runs it under a time limit. */
@FunctionalInterface
public interface HealthCheck {
    DriverHealth check(Environment environment);
}
