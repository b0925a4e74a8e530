package dev.jminikube.junit5;

import dev.jminikube.api.ClusterBuilder;
import dev.jminikube.api.Jminikube;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one {@link JminikubeTest} asks for, as a value: two classes that name the same profile must ask for the same
 * cluster, since they share it.
 *
 * @param home JMINIKUBE_HOME for this run (the {@value JminikubeExtension#HOME_PARAMETER} configuration parameter);
 *             empty for the environment's
 */
record ClusterSettings(String profile, String kubernetesVersion, List<String> addons, boolean reuse, String memory,
                       int cpus, String driver, Optional<Path> home) {
    ClusterSettings {
        addons = List.copyOf(addons);
    }

    static ClusterSettings of(JminikubeTest test, Optional<Path> home) {
        return new ClusterSettings(test.profile(), test.kubernetesVersion(), List.of(test.addons()), test.reuse(),
                test.memory(), test.cpus(), test.driver(), home);
    }

    /** The API's builder for these settings; values left at their defaults are not passed. */
    ClusterBuilder builder() {
        ClusterBuilder b = Jminikube.cluster(profile).reuse(reuse).addons(addons.toArray(String[]::new));
        if (!kubernetesVersion.isBlank()) {
            b.kubernetesVersion(kubernetesVersion);
        }
        if (!memory.isBlank()) {
            b.memory(memory);
        }
        if (cpus > 0) {
            b.cpus(cpus);
        }
        if (!driver.isBlank()) {
            b.driver(driver);
        }
        home.ifPresent(b::jminikubeHome);
        return b;
    }
}
