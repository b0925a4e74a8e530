package dev.jminikube.drivers;

import dev.jminikube.core.Environment;
import java.util.function.Consumer;

/**
 * What a driver instance is bound to: one machine's directory, the environment, and a sink for
 * one-line notices to the user (e.g. "no hardware acceleration, this will be slow").
 */
public record MachineContext(Environment environment, MachinePaths paths, Consumer<String> notices) {
}
