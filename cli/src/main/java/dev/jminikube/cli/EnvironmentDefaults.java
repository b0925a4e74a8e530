package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.input.Flag;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code start}'s defaults from the environment, as minikube's {@code MINIKUBE_*} variables: {@code JMINIKUBE_<KEY>}
 * for each {@link ConfigKey} but the profile (which {@link ActiveProfile} reads as {@value ActiveProfile#VARIABLE}).
 * They sit between the flags and {@code jminikube config}, so one shell (a CI job) can change a default without
 * touching the user's config.json.
 */
final class EnvironmentDefaults {
    private EnvironmentDefaults() {
    }

    /** JMINIKUBE_DISK_SIZE for disk-size: upper case, '-' as '_'. */
    static String variable(ConfigKey key) {
        return "JMINIKUBE_" + key.key().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * The set (non-blank) variables, each checked as its flag is. A bad one fails with the flag's reason (so its exit
     * code), but the message names the variable: the user never typed the flag and must find where the value came from.
     */
    static Map<ConfigKey, String> read(Environment env) {
        Map<ConfigKey, String> out = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            if (key == ConfigKey.PROFILE) {
                continue;
            }
            String name = variable(key);
            String value = env.variable(name).filter(v -> !v.isBlank()).orElse(null);
            if (value == null) {
                continue;
            }
            try {
                out.put(key, key.check(value));
            } catch (JmkException bad) {
                throw new JmkException(bad.reason(), name + "=" + Flag.quote(value) + " (set in the environment) is "
                        + "not valid: " + bad.getMessage(), "Fix or unset " + name + ". " + bad.advice(),
                        bad.details(), bad);
            }
        }
        return out;
    }
}
