package dev.jminikube.cluster;

import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.bootstrap.config.ExtraConfigParser;
import dev.jminikube.bootstrap.config.ExtraConfigReview;
import dev.jminikube.bootstrap.logs.ExtraConfigCheck;
import dev.jminikube.bootstrap.logs.ProblemLines;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.NoSpaceLeft;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.MachineManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code logs}: the systemd journal of each of the node's components (and its container runtime), optionally only
 * the lines that point at a problem, preceded by whether each --extra-config option reached its component.
 */
public final class NodeLogs {
    /** How far back {@code --problems} looks for problem lines in each unit's journal. */
    static final int PROBLEM_SCAN_LINES = 2000;
    private final Environment env;
    private final MachineManager machines;

    public NodeLogs(Environment env, MachineManager machines) {
        this.env = env;
        this.machines = machines;
    }

    /** The units whose journals are shown: every component, then the profile's container runtime if it has a cluster. */
    public List<String> units(String profile) {
        List<String> units = new ArrayList<>(Arrays.stream(Component.values()).map(Component::unitName).toList());
        ProfileStore.of(env, profile).cluster().ifPresent(s -> units.add(s.runtime().flagValue()));
        return units;
    }

    /** The command that follows the units' journals ({@code journalctl -f}), to run in the node. */
    public List<String> followCommand(String profile, int length) {
        checkLength(length);
        List<String> remote = new ArrayList<>(List.of("journalctl", "--no-pager", "-f", "-n", Integer.toString(length)));
        units(profile).forEach(u -> remote.addAll(List.of("-u", u)));
        return remote;
    }

    /**
     * Writes the report, line by line, to {@code out}: "==> unit <==" headers, each followed by the unit's last
     * {@code length} lines (with {@code problems}: its last {@code length} problem lines).
     */
    /**
     * {@link #write} into {@code file} instead of a stream: gathered whole first, then put in place through a rename,
     * so the file holds either its old content or all of the new logs, never a part (a failure half-way, Ctrl-C).
     */
    public void writeTo(String profile, boolean problems, int length, Path file) {
        refuseDirectory(file); // before the logs are gathered, which takes a while
        replace(file, report(profile, problems, length));
    }

    private static void refuseDirectory(Path file) {
        if (Files.isDirectory(file)) {
            throw new JmkException(Reason.USAGE, "--file " + file + " is a directory",
                    "Name a file to write the logs to, e.g. --file " + file.resolve("logs.txt") + ".", null, null);
        }
    }

    /** Puts {@code text} in {@code file} through a rename (mode 0600: component logs can name secrets' paths, tokens). */
    static void replace(Path file, String text) {
        refuseDirectory(file);
        try {
            AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8), AtomicFile.OWNER_ONLY);
        } catch (IOException e) {
            boolean full = NoSpaceLeft.in(e);
            throw new JmkException(full ? Reason.RESOURCE_DISK_FULL : Reason.HOST_PATH_NOT_WRITABLE,
                    "cannot write the logs to " + file + ": " + e + "; it was left as it was", e);
        }
    }

    public void write(String profile, boolean problems, int length, Consumer<String> out) {
        checkLength(length);
        Optional<ClusterState> state = ProfileStore.of(env, profile).cluster();
        List<String> units = units(profile);
        try (CommandRunner guest = machines.guestRunner(profile)) {
            if (state.isPresent()) {
                writeClusterSummary(state.get(), guest, out);
            }
            for (String unit : units) {
                CommandResult r = guest.run("journalctl", "--no-pager", "-o", "short-precise", "-n",
                        Integer.toString(problems ? PROBLEM_SCAN_LINES : length), "-u", unit);
                List<String> lines = r.stdout().lines().filter(l -> !l.startsWith("-- ")).toList();
                if (problems) {
                    lines = ProblemLines.filter(lines);
                    lines = lines.subList(Math.max(0, lines.size() - length), lines.size());
                }
                out.accept("==> " + unit + " <==");
                lines.forEach(out);
                if (lines.isEmpty()) {
                    out.accept(problems ? "(no problems found)" : "(no log lines)");
                }
            }
        }
    }

    /**
     * What the cluster runs and what became of each --extra-config option, before the journals: the lines that
     * {@code logs | grep -i containerd} and {@code logs | grep EnableCRI} find (minikube's walkthrough proves the
     * runtime and the options in effect that way).
     */
    static void writeClusterSummary(ClusterState state, CommandRunner guest, Consumer<String> out) {
        out.accept("==> cluster <==");
        out.accept("kubernetes version: " + state.kubernetesVersion());
        out.accept("container runtime:  " + state.containerRuntime());
        out.accept("network plugin:     " + state.networkPlugin());
        if (state.extraConfig().isEmpty() && state.ignoredExtraConfig().isEmpty()) {
            return;
        }
        out.accept("==> extra-config <==");
        for (ExtraOption option : ExtraConfigParser.parse(state.extraConfig())) {
            String execStart = guest.run("systemctl", "show", "-p", "ExecStart", option.component().unitName()).stdout();
            out.accept(ExtraConfigCheck.check(option, execStart).line());
        }
        for (ExtraOption option : ExtraConfigParser.parse(state.ignoredExtraConfig())) {
            String why = ExtraConfigReview.whyIgnored(option, state.version())
                    .orElse("dropped by the start that made this cluster").replaceFirst("; ignored$", "");
            out.accept("ignored:     " + option + "  (" + why + ")");
        }
    }

    /** The report of {@link #write} as one text. */
    public String report(String profile, boolean problems, int length) {
        StringBuilder text = new StringBuilder();
        write(profile, problems, length, line -> text.append(line).append('\n'));
        return text.toString();
    }

    private static void checkLength(int length) {
        if (length < 1) {
            throw new JmkException(Reason.USAGE, "--length must be at least 1 (got " + length + ")");
        }
    }
}
