package dev.jminikube.drivers;

import dev.jminikube.core.HostOs;
import java.util.Objects;
import java.util.Set;

/**
 * A driver as the registry knows it (minikube's registry.DriverDef): its name, the host systems it
 * runs on, how eagerly it is picked, how to check its health and how to make an instance.
 *
 * @param nodeNetwork the driver joins a profile's VMs on a node network ({@link NodeSegment}), so a profile can have
 *                    several nodes (issue 18); QEMU's does today
 */
public record DriverDefinition(String name, Set<HostOs> supportedOs, DriverPriority priority, HealthCheck health,
                               DriverFactory factory, String doc, boolean nodeNetwork) {
    public DriverDefinition {
        Objects.requireNonNull(name, "name");
        supportedOs = Set.copyOf(supportedOs);
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(factory, "factory");
    }

    /** A driver of one-node profiles. */
    public DriverDefinition(String name, Set<HostOs> supportedOs, DriverPriority priority, HealthCheck health,
                            DriverFactory factory, String doc) {
        this(name, supportedOs, priority, health, factory, doc, false);
    }

    /** This driver, able to join several VMs of a profile on a node network. */
    public DriverDefinition withNodeNetwork() {
        return new DriverDefinition(name, supportedOs, priority, health, factory, doc, true);
    }

    public boolean supports(HostOs os) {
        return supportedOs.contains(os);
    }
}
