package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ExtraOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A component's flags, one value per name, rendered sorted by name so the same input always gives
 * the same unit file and a changed flag shows up as a one-line diff. {@code --extra-config}
 * options are applied last and replace a generated flag of the same name (never a second copy).
 */
public final class FlagSet {
    private final Map<String, String> values = new TreeMap<>();

    public FlagSet set(String name, String value) {
        values.put(name, value);
        return this;
    }

    public FlagSet set(String name, boolean value) {
        return set(name, Boolean.toString(value));
    }

    public FlagSet set(String name, int value) {
        return set(name, Integer.toString(value));
    }

    /** Later options win over earlier ones and over generated flags. */
    public FlagSet apply(List<ExtraOption> extras) {
        extras.forEach(o -> set(o.key(), o.value()));
        return this;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** {@code --name=value} for each flag, sorted by name. */
    public List<String> arguments() {
        return values.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }
}
