package dev.jminikube.drivers;

import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The drivers jminikube knows (minikube's registry): which apply to this OS, in what order they are
 * preferred, and which are healthy. A driver plugs in with one {@link #register} call.
 */
public final class DriverRegistry {
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(8);

    private final Map<String, DriverDefinition> drivers = new LinkedHashMap<>();
    private final Duration healthTimeout;

    public DriverRegistry(Duration healthTimeout) {
        this.healthTimeout = healthTimeout;
    }

    /** The registry with every driver that works today. */
    public static DriverRegistry builtin() {
        DriverRegistry registry = new DriverRegistry(DEFAULT_HEALTH_TIMEOUT);
        registry.register(dev.jminikube.drivers.qemu.QemuDriver.definition());
        registry.register(dev.jminikube.drivers.hyperv.HyperVDriver.definition());
        registry.register(dev.jminikube.drivers.vmware.VmwareDriver.definition());
        registry.register(dev.jminikube.drivers.none.NoneDriver.definition());
        // FALLBACK: picked only when no DEFAULT or PREFERRED driver is healthy (see VirtualBoxDriver.definition).
        registry.register(dev.jminikube.drivers.virtualbox.VirtualBoxDriver.definition());
        return registry;
    }

    public DriverRegistry register(DriverDefinition definition) {
        if (drivers.putIfAbsent(definition.name(), definition) != null) {
            throw new IllegalArgumentException("driver registered twice: " + definition.name());
        }
        return this;
    }

    /** All registered names, sorted, for messages and --help. */
    public List<String> names() {
        return drivers.keySet().stream().sorted().collect(Collectors.toList());
    }

    public Optional<DriverDefinition> find(String name) {
        return Optional.ofNullable(drivers.get(name));
    }

    /** {@link Reason#DRIVER_UNKNOWN} listing the valid names if {@code name} is not registered. */
    public DriverDefinition lookup(String name) {
        return find(name).orElseThrow(() -> new JmkException(Reason.DRIVER_UNKNOWN,
                "unknown driver \"" + name + "\"; valid drivers are: " + String.join(", ", names())));
    }

    /** Drivers for this OS, most preferred first (ties keep registration order). */
    public List<DriverDefinition> applicable(Environment env) {
        return drivers.values().stream().filter(d -> d.supports(env.os()))
                .sorted(Comparator.comparing(DriverDefinition::priority).reversed())
                .collect(Collectors.toList());
    }

    /** The driver's health, turned unhealthy if the check throws or takes longer than the time limit. */
    public DriverHealth health(DriverDefinition driver, Environment env) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "health-" + driver.name());
            t.setDaemon(true); // a hung check must not keep the CLI alive
            return t;
        });
        try {
            Future<DriverHealth> result = executor.submit(() -> driver.health().check(env));
            return result.get(healthTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return DriverHealth.unhealthy("health check of " + driver.name() + " did not finish within "
                    + healthTimeout.toSeconds() + "s", null, driver.doc());
        } catch (ExecutionException e) {
            return DriverHealth.unhealthy("health check of " + driver.name() + " failed: " + e.getCause(), null,
                    driver.doc());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DriverHealth.unhealthy("health check of " + driver.name() + " was interrupted", null, driver.doc());
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * The driver to use: the one named (if known, supported here and healthy), or, when {@code requested}
     * is null, the most preferred healthy one. Failures say what is wrong and how to fix it.
     */
    public DriverDefinition choose(String requested, Environment env) {
        if (requested != null && !requested.isBlank()) {
            DriverDefinition d = lookup(requested);
            if (!d.supports(env.os())) {
                throw new JmkException(Reason.DRIVER_UNSUPPORTED_OS, "the " + d.name() + " driver does not run on "
                        + env.os() + "; drivers for this host: " + applicable(env).stream()
                        .map(DriverDefinition::name).collect(Collectors.joining(", ")));
            }
            DriverHealth h = health(d, env);
            if (!h.healthy()) {
                throw unhealthy(d, h);
            }
            return d;
        }
        List<String> problems = new ArrayList<>();
        for (DriverDefinition d : applicable(env)) {
            if (d.priority() == DriverPriority.DISCOURAGED) {
                continue;
            }
            DriverHealth h = health(d, env);
            if (h.healthy()) {
                return d;
            }
            problems.add(d.name() + ": " + h.error() + (h.fix() == null ? "" : "\n    fix: " + h.fix()));
        }
        throw new JmkException(Reason.DRIVER_NOT_HEALTHY, problems.isEmpty()
                ? "no driver is available for " + env.os() + " (known drivers: " + String.join(", ", names()) + ")"
                : "no usable driver found", null, problems.isEmpty() ? null : String.join("\n", problems), null);
    }

    private static JmkException unhealthy(DriverDefinition d, DriverHealth h) {
        Reason reason = h.installed() ? Reason.DRIVER_NOT_HEALTHY : Reason.HOST_TOOL_MISSING;
        String advice = h.fix() == null ? null : "Fix: " + h.fix() + (h.doc() == null ? "" : " (see " + h.doc() + ")");
        return new JmkException(reason, "the " + d.name() + " driver is not usable: " + h.error(), advice, null, null);
    }
}
