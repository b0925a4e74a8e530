package dev.jminikube.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything jminikube takes from its surroundings, read once in main and passed in, so no code deep
 * inside reads System.getenv or user.home and every piece can be tested with a made-up environment.
 *
 * @param home      JMINIKUBE_HOME (default ~/.jminikube): machines, caches, locks, logs ({@link #HOME_ENTRIES})
 * @param kubeconfig the kubeconfig file to merge contexts into (first entry of KUBECONFIG, else ~/.kube/config)
 * @param os        host operating system
 * @param arch      host CPU architecture as Java names it (amd64, aarch64)
 * @param variables the process environment (PATH etc.), for tools that are run
 * @param workingDir the directory jminikube was started in (where {@code ide} writes run configurations by default)
 */
public record Environment(Path home, Path kubeconfig, HostOs os, String arch, Map<String, String> variables,
                          Path workingDir) {
    static final String MACHINES = "machines";
    static final String CACHE = "cache";
    static final String LOCKS = "locks";
    static final String LOGS = "logs";
    static final String CONFIG = "config";
    /**
     * Everything jminikube itself makes directly in JMINIKUBE_HOME: one machine directory per profile, the caches
     * (node images, Kubernetes binaries, image tars), one lock file per profile, build logs, the user's settings
     * ({@code config/config.json}: {@code jminikube config}, the active profile). JMINIKUBE_HOME may be
     * a directory that holds other things too, so {@code delete --all --purge} removes these and nothing else.
     * Code that puts something new directly into the home adds it here.
     */
    public static final List<String> HOME_ENTRIES = List.of(MACHINES, CACHE, LOCKS, LOGS, CONFIG);

    public Environment {
        variables = Map.copyOf(variables);
        workingDir = workingDir.toAbsolutePath();
    }

    /**
     * For code that resolves nothing against a working directory (tests of drivers and steps): JMINIKUBE_HOME stands
     * in for it, so nothing here reads the process's own. Only main reads the real one ({@link #fromSystem()}).
     */
    public Environment(Path home, Path kubeconfig, HostOs os, String arch, Map<String, String> variables) {
        this(home, kubeconfig, os, arch, variables, home);
    }

    /** Reads the real environment; to be called from main only. */
    public static Environment fromSystem() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")), Path.of(System.getProperty("user.dir")),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** As {@link #from(Map, Path, Path, String, String)} with the user's home as the working directory. */
    public static Environment from(Map<String, String> env, Path userHome, String osName, String osArch) {
        return from(env, userHome, userHome, osName, osArch);
    }

    public static Environment from(Map<String, String> env, Path userHome, Path workingDir, String osName,
                                   String osArch) {
        Path home = Optional.ofNullable(env.get("JMINIKUBE_HOME")).filter(s -> !s.isBlank())
                .map(Path::of).orElse(userHome.resolve(".jminikube"));
        Path kubeconfig = Optional.ofNullable(env.get("KUBECONFIG")).filter(s -> !s.isBlank())
                .map(s -> Path.of(s.split(java.io.File.pathSeparator)[0]))
                .orElse(userHome.resolve(".kube").resolve("config"));
        return new Environment(home.toAbsolutePath(), kubeconfig.toAbsolutePath(), HostOs.fromOsName(osName),
                osArch, env, workingDir);
    }

    public Path cacheDir() {
        return home.resolve(CACHE);
    }

    public Path machinesDir() {
        return home.resolve(MACHINES);
    }

    /** One lock file per profile (see the profile lock in vm-drivers). */
    public Path locksDir() {
        return home.resolve(LOCKS);
    }

    /** The user's settings: {@code config.json}, written by {@code jminikube config} and {@code jminikube profile}. */
    public Path configDir() {
        return home.resolve(CONFIG);
    }

    /** Logs of long builds (Kubernetes from source, add-on images). */
    public Path logsDir() {
        return home.resolve(LOGS);
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }
}
