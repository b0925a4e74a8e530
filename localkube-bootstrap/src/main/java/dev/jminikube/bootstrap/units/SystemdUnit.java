package dev.jminikube.bootstrap.units;

import dev.jminikube.core.input.ControlCharacters;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Renders one component's {@code .service} file: ordering, the command line one flag per line,
 * and the restart policy shared by every component.
 *
 * <p>No value goes into the file with a control character in it: a line feed would end its line and make the rest
 * a directive of its own. The user's values are refused long before (ExtraConfigParser); rendering refuses them
 * again, so no other path can write such a unit either.
 */
public final class SystemdUnit {
    private final String description;
    private String documentation;
    private final List<String> after = new ArrayList<>(List.of("network-online.target"));
    private final List<String> wants = new ArrayList<>(List.of("network-online.target"));
    private final List<String> conflicts = new ArrayList<>();
    private String type = "simple";
    private String binary;
    private List<String> arguments = List.of();
    private final List<String> comments = new ArrayList<>();
    private Integer cpuWeight;

    private SystemdUnit(String description) {
        this.description = description;
    }

    public static SystemdUnit describedAs(String description) {
        return new SystemdUnit(description);
    }

    public SystemdUnit documentation(String url) {
        this.documentation = url;
        return this;
    }

    /** Start after {@code unit} and pull it in. */
    public SystemdUnit requires(String unit) {
        after.add(unit);
        wants.add(unit);
        return this;
    }

    /** Start after {@code unit} if it is starting too, without pulling it in. */
    public SystemdUnit after(String unit) {
        after.add(unit);
        return this;
    }

    public SystemdUnit conflicts(String unit) {
        conflicts.add(unit);
        return this;
    }

    /** {@code notify}: the service tells systemd when it is ready (etcd does). */
    public SystemdUnit type(String serviceType) {
        this.type = serviceType;
        return this;
    }

    /** systemd's {@code CPUWeight} (1–10000, default 100): this unit's share of the CPU when the node is saturated. */
    public SystemdUnit cpuWeight(int weight) {
        if (weight < 1 || weight > 10000) {
            throw new IllegalArgumentException("CPUWeight must be 1..10000, was " + weight);
        }
        this.cpuWeight = weight;
        return this;
    }

    /** A line for the {@code [Service]} section's heading comment, e.g. the extra-config applied. */
    public SystemdUnit comment(String line) {
        comments.add(line);
        return this;
    }

    public SystemdUnit exec(String binaryPath, List<String> args) {
        this.binary = binaryPath;
        this.arguments = List.copyOf(args);
        return this;
    }

    public String render() {
        requireOneLine("Description", description);
        requireOneLine("Documentation", documentation);
        after.forEach(u -> requireOneLine("After", u));
        wants.forEach(u -> requireOneLine("Wants", u));
        conflicts.forEach(u -> requireOneLine("Conflicts", u));
        requireOneLine("Type", type);
        comments.forEach(c -> requireOneLine("a comment", c));
        requireOneLine("ExecStart", binary);
        arguments.forEach(a -> requireOneLine("an ExecStart argument", a));
        StringBuilder out = new StringBuilder();
        out.append("# Written by jminikube; rewritten on every start.\n");
        out.append("[Unit]\n");
        out.append("Description=").append(description).append('\n');
        if (documentation != null) {
            out.append("Documentation=").append(documentation).append('\n');
        }
        out.append("After=").append(String.join(" ", after)).append('\n');
        out.append("Wants=").append(String.join(" ", wants)).append('\n');
        if (!conflicts.isEmpty()) {
            out.append("Conflicts=").append(String.join(" ", conflicts)).append('\n');
        }
        // Components wait for each other by crashing and restarting; systemd's default start limit
        // (5 starts in 10 s) would otherwise give up on them for good while etcd or the API server boots.
        out.append("StartLimitIntervalSec=0\n");
        out.append('\n');
        out.append("[Service]\n");
        comments.forEach(c -> out.append("# ").append(c).append('\n'));
        out.append("Type=").append(type).append('\n');
        out.append("ExecStart=").append(SystemdQuoting.quote(binary));
        for (String argument : arguments) {
            out.append(" \\\n  ").append(SystemdQuoting.quote(argument));
        }
        out.append('\n');
        out.append("Restart=always\n");
        out.append("RestartSec=2s\n");
        // etcd, the API server and kubelet keep a file descriptor per watch, connection and container log.
        out.append("LimitNOFILE=1048576\n");
        if (cpuWeight != null) {
            out.append("CPUWeight=").append(cpuWeight).append('\n');
        }
        out.append('\n');
        out.append("[Install]\n");
        out.append("WantedBy=multi-user.target\n");
        return out.toString();
    }

    private static void requireOneLine(String what, String value) {
        if (value == null) {
            return;
        }
        OptionalInt at = ControlCharacters.firstIndex(value);
        if (at.isPresent()) {
            throw new IllegalArgumentException(what + " of a unit holds " + ControlCharacters.describe(
                    value.charAt(at.getAsInt())) + ", which would end its line: '" + ControlCharacters.escape(value) + "'");
        }
    }
}
