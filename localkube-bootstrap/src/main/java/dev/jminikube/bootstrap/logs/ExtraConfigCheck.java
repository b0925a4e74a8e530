package dev.jminikube.bootstrap.logs;

import dev.jminikube.bootstrap.ExtraOption;
import java.util.List;

/**
 * Says, for each --extra-config option, whether the running component got it: the flag appears on
 * the unit's command line (systemd's ExecStart), which is where the bootstrapper puts every option.
 */
public final class ExtraConfigCheck {
    private ExtraConfigCheck() {
    }

    public record Result(ExtraOption option, boolean applied) {
        public String line() {
            return (applied ? "applied:     " : "NOT applied: ") + option + "  (" + option.component().unitName() + ")";
        }
    }

    /** @param execStart the unit's command line as {@code systemctl show -p ExecStart} prints it */
    public static Result check(ExtraOption option, String execStart) {
        String flag = "--" + option.key() + "=" + option.value();
        return new Result(option, List.of(execStart.split("[\\s;]+")).contains(flag));
    }
}
