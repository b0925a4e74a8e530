package dev.jminikube.bootstrap;

import java.util.Objects;

/** One {@code --extra-config=component.key=value}. */
public record ExtraOption(Component component, String key, String value) {
    public ExtraOption {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return component.configName() + "." + key + "=" + value;
    }
}
