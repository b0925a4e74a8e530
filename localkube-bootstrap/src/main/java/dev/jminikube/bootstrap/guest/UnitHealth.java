package dev.jminikube.bootstrap.guest;

import dev.jminikube.bootstrap.wait.Readiness;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells whether systemd units in the guest are still worth waiting for. Units restart on failure, so
 * "dead" means failed for good or restarted {@value #MAX_RESTARTS}+ times since the bootstrap began:
 * a crash loop, reported with the unit's last journal lines instead of a timeout minutes later.
 */
public final class UnitHealth implements Readiness.Liveness {
    static final int MAX_RESTARTS = 4;
    static final int LOG_LINES = 25;

    private final CommandRunner guest;
    private final List<String> units;

    public UnitHealth(CommandRunner guest, List<String> units) {
        this.guest = guest;
        this.units = List.copyOf(units);
    }

    @Override
    public void check() {
        for (String unit : units) {
            Map<String, String> props = properties(unit);
            String active = props.getOrDefault("ActiveState", "unknown");
            int restarts = parseInt(props.get("NRestarts"));
            if (active.equals("failed") || restarts >= MAX_RESTARTS) {
                String why = active.equals("failed") ? "failed" : "restarted " + restarts + " times";
                throw new JmkException(Reason.K8S_COMPONENT_FAILED, unit + " " + why
                        + " (exit status " + props.getOrDefault("ExecMainStatus", "?") + ")", null,
                        lastLogLines(unit), null);
            }
        }
    }

    /** The unit's last journal lines, for error details and {@code logs --problems}. */
    public String lastLogLines(String unit) {
        CommandResult r = guest.run("journalctl", "--no-pager", "-o", "cat", "-n", Integer.toString(LOG_LINES),
                "-u", unit);
        return "last " + LOG_LINES + " lines of " + unit + ":\n" + r.stdout().strip();
    }

    private Map<String, String> properties(String unit) {
        CommandResult r = guest.run("systemctl", "show", "-p", "ActiveState,NRestarts,ExecMainStatus", unit);
        return parseProperties(r.stdout());
    }

    static Map<String, String> parseProperties(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return map;
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
