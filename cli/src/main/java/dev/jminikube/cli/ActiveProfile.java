package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import dev.jminikube.drivers.ProfileName;
import java.util.Optional;

/**
 * The profile a command works on when none is given with -p: $JMINIKUBE_PROFILE (so one shell can stay on one
 * cluster), else the active profile {@code jminikube profile NAME} stored in {@code config.json}, else
 * {@value ProfileName#DEFAULT}.
 */
final class ActiveProfile {
    static final String VARIABLE = "JMINIKUBE_PROFILE";

    private ActiveProfile() {
    }

    /** @param global the -p given before the verb, if any (it beats every default) */
    static String resolve(Environment env, Optional<String> global) {
        return global.or(() -> env.variable(VARIABLE).filter(v -> !v.isBlank()))
                .or(() -> UserConfig.of(env).get(ConfigKey.PROFILE))
                .orElse(ProfileName.DEFAULT);
    }
}
