package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriverRegistryTest {
    private static final Environment LINUX = new Environment(Path.of("/h"), Path.of("/k"), HostOs.LINUX, "amd64", Map.of());
    private static final DriverFactory NO_FACTORY = m -> {
        throw new AssertionError("not used");
    };

    private static DriverDefinition def(String name, DriverPriority priority, HealthCheck health, HostOs... oses) {
        return new DriverDefinition(name, Set.of(oses), priority, health, NO_FACTORY, "doc://" + name);
    }

    private final DriverRegistry registry = new DriverRegistry(Duration.ofMillis(300))
            .register(def("fallback", DriverPriority.FALLBACK, e -> DriverHealth.ok(), HostOs.LINUX))
            .register(def("preferred-broken", DriverPriority.PREFERRED,
                    e -> DriverHealth.notInstalled("vbox missing", "apt-get install vbox", null), HostOs.LINUX))
            .register(def("default", DriverPriority.DEFAULT, e -> DriverHealth.ok(), HostOs.LINUX))
            .register(def("mac-only", DriverPriority.PREFERRED, e -> DriverHealth.ok(), HostOs.MACOS))
            .register(def("hangs", DriverPriority.DISCOURAGED, e -> {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                return DriverHealth.ok();
            }, HostOs.LINUX));

    @Test
    void autoChoiceSkipsUnhealthyAndOtherOsAndPicksHighestPriority() {
        assertThat(registry.choose(null, LINUX).name()).isEqualTo("default");
    }

    @Test
    void unknownDriverListsValidNames() {
        assertThatThrownBy(() -> registry.choose("virtualbux", LINUX))
                .isInstanceOfSatisfying(JmkException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DRIVER_UNKNOWN))
                .hasMessageContaining("virtualbux")
                .hasMessageContaining("default, fallback, hangs, mac-only, preferred-broken");
    }

    @Test
    void namedDriverForAnotherOsIsUnsupported() {
        assertThatThrownBy(() -> registry.choose("mac-only", LINUX))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DRIVER_UNSUPPORTED_OS));
    }

    @Test
    void namedDriverNotInstalledGivesTheFix() {
        assertThatThrownBy(() -> registry.choose("preferred-broken", LINUX))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HOST_TOOL_MISSING);
                    assertThat(e.advice()).contains("apt-get install vbox");
                });
    }

    @Test
    void healthCheckIsTimeLimited() {
        long start = System.nanoTime();
        DriverHealth h = registry.health(registry.lookup("hangs"), LINUX);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(h.healthy()).isFalse();
        assertThat(h.error()).contains("did not finish within");
    }

    @Test
    void noHealthyDriverListsEveryProblem() {
        DriverRegistry broken = new DriverRegistry(Duration.ofSeconds(1))
                .register(def("a", DriverPriority.DEFAULT, e -> DriverHealth.notInstalled("a missing", "install a", null),
                        HostOs.LINUX))
                .register(def("b", DriverPriority.DEFAULT, e -> {
                    throw new IllegalStateException("b exploded");
                }, HostOs.LINUX));
        assertThatThrownBy(() -> broken.choose(null, LINUX))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DRIVER_NOT_HEALTHY);
                    assertThat(e.details()).contains("a: a missing", "fix: install a", "b exploded");
                });
    }

    @Test
    void builtinRegistersEachDriverForItsHosts() {
        DriverRegistry builtin = DriverRegistry.builtin();
        assertThat(builtin.names()).containsExactly("hyperv", "none", "qemu", "virtualbox", "vmware");
        assertThat(builtin.lookup("qemu").supportedOs()).containsExactlyInAnyOrder(HostOs.LINUX, HostOs.MACOS);
        assertThat(builtin.lookup("hyperv").supportedOs()).containsExactly(HostOs.WINDOWS);
        assertThat(builtin.lookup("vmware").supportedOs()).containsExactlyInAnyOrder(HostOs.LINUX, HostOs.MACOS,
                HostOs.WINDOWS);
        assertThat(builtin.lookup("virtualbox").supportedOs())
                .containsExactlyInAnyOrder(HostOs.LINUX, HostOs.MACOS, HostOs.WINDOWS);
        assertThat(builtin.lookup("virtualbox").priority()).isEqualTo(DriverPriority.FALLBACK);
        assertThat(builtin.lookup("none").supportedOs()).containsExactly(HostOs.LINUX);
        assertThat(builtin.lookup("none").priority()).as("only when asked for").isEqualTo(DriverPriority.DISCOURAGED);
        // QEMU stays the default where it runs; VirtualBox only when nothing better is healthy.
        Environment windows = new Environment(Path.of("C:/h"), Path.of("C:/k"), HostOs.WINDOWS, "amd64", Map.of());
        assertThat(builtin.applicable(windows)).extracting(DriverDefinition::name)
                .containsExactly("hyperv", "vmware", "virtualbox");
        assertThat(builtin.applicable(LINUX)).extracting(DriverDefinition::name)
                .containsExactly("qemu", "vmware", "virtualbox", "none");
    }

    @Test
    void duplicateRegistrationIsRejected() {
        assertThatThrownBy(() -> registry.register(def("default", DriverPriority.DEFAULT, e -> DriverHealth.ok())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
