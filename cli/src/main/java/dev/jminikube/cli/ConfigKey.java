package dev.jminikube.cli;

import dev.jminikube.addons.AddonCatalog;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.SupportedVersions;
import dev.jminikube.cluster.StartRequest;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.Flag;
import dev.jminikube.core.input.FlagValues;
import dev.jminikube.drivers.DriverRegistry;
import dev.jminikube.drivers.ProfileName;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The settings {@code jminikube config} keeps. Each is checked by the same code, and fails with the same reason, as
 * the {@code start} flag it stands in for: a bad value is refused when it is set, not when a start meets it.
 */
enum ConfigKey {
    DRIVER("driver", v -> DriverRegistry.builtin().lookup(v).name()),
    CPUS("cpus", ConfigKey::cpus),
    MEMORY("memory", v -> size(StartRequest.MEMORY, v)),
    DISK_SIZE("disk-size", v -> size(StartRequest.DISK_SIZE, v)),
    KUBERNETES_VERSION("kubernetes-version", v -> SupportedVersions.parseFlag(v).toString()),
    CONTAINER_RUNTIME("container-runtime", v -> ContainerRuntime.parse(v).flagValue()),
    ADDONS("addons", ConfigKey::addons),
    PROFILE("profile", v -> {
        ProfileName.validate(v);
        return v;
    });

    private final String key;
    private final UnaryOperator<String> check;

    ConfigKey(String key, UnaryOperator<String> check) {
        this.key = key;
        this.check = check;
    }

    String key() {
        return key;
    }

    /** The value as it is stored (normalized, e.g. "v1.30.1"), or the start flag's error. */
    String check(String value) {
        return check.apply(value);
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(ConfigKey::key).toList();
    }

    /** The key, or a usage error listing the valid ones. */
    static ConfigKey of(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst()
                .orElseThrow(() -> new JmkException(Reason.USAGE, "unknown config key \""
                        + dev.jminikube.core.input.ControlCharacters.escape(key) + "\"",
                        "Use one of: " + String.join(", ", keys()) + ".", null, null));
    }

    /**
     * --cpus is an int to picocli, and its range check against the host (RSRC_CPUS) is the machine layer's, at
     * start; a stored value must at least be a whole number of one or more, with the same reason.
     */
    private static String cpus(String value) {
        Flag flag = new Flag("--cpus", Reason.RESOURCE_CPUS, "a whole number of CPUs", "2");
        return Long.toString(FlagValues.wholeNumber(flag, value, 1, Integer.MAX_VALUE));
    }

    /** Sizes stay as typed (start reads "4g" itself) once they parse. */
    private static String size(Flag flag, String value) {
        FlagValues.megabytes(flag, value);
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static String addons(String value) {
        AddonCatalog catalog = AddonCatalog.builtin();
        List<String> names = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        names.forEach(catalog::lookup);
        return String.join(",", names);
    }
}
