package dev.jminikube.bootstrap.config;

import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.bootstrap.KubernetesVersion;
import java.util.Locale;
import java.util.Objects;

/**
 * An {@code --extra-config} key that no longer exists from some Kubernetes minor on. Passing it
 * would stop the component ("unknown flag"), so it is dropped with a note instead.
 *
 * @param obsoleteFromMinor the first 1.x where the flag is gone; 0 when gone in every version jminikube runs
 * @param note              why it is safe to ignore, one line
 */
public record LegacyKey(Component component, String key, int obsoleteFromMinor, String note) {
    public LegacyKey {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(note, "note");
    }

    /** Seed-era spellings such as {@code EnableCRI} match the flag {@code enable-cri}. */
    public boolean matches(ExtraOption option) {
        return option.component() == component && normalized(option.key()).equals(normalized(key));
    }

    public boolean obsoleteIn(KubernetesVersion version) {
        return version.atLeastMinor(obsoleteFromMinor);
    }

    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
