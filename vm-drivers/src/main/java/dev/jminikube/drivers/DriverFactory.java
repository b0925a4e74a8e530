package dev.jminikube.drivers;

/** Makes a driver instance for one machine. */
@FunctionalInterface
public interface DriverFactory {
    Driver create(MachineContext machine);
}
