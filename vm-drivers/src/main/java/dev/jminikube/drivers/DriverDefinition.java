package dev.jminikube.drivers;

import dev.jminikube.core.HostOs;
import java.util.Objects;
import java.util.Set;

/**
 * A driver as the registry knows it (minikube's registry.DriverDef): its name, the host systems it
 * runs on, how eagerly it is picked, how to check its health and how to make an instance.
 */
public record DriverDefinition(String name, Set<HostOs> supportedOs, DriverPriority priority, HealthCheck health,
                               DriverFactory factory, String doc) {
    public DriverDefinition {
        Objects.requireNonNull(name, "name");
        supportedOs = Set.copyOf(supportedOs);
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(factory, "factory");
    }

    public boolean supports(HostOs os) {
        return supportedOs.contains(os);
    }
}
