package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.HostOs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccelProbeTest {
    @TempDir
    Path tmp;
    Path kvm;
    final List<List<String>> launches = new ArrayList<>();
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void device() throws Exception {
        kvm = Files.createFile(tmp.resolve("kvm"));
    }

    private AccelProbe probe(HostOs os, ProbeLauncher.ProbeRun outcome, Path kvmDevice) {
        ProbeLauncher launcher = (argv, output, marker, timeout) -> {
            launches.add(argv);
            assertThat(marker).isEqualTo("SeaBIOS (version");
            return outcome;
        };
        return new AccelProbe(launcher, os, QemuTarget.x86_64(), kvmDevice, tmp.resolve("cache"), Duration.ofSeconds(4),
                Duration.ofMinutes(10), clock);
    }

    /** The decision table: host OS x what the probe VM did -> accelerator, and whether the user is warned. */
    @ParameterizedTest(name = "{0}, marker={1}, exitedEarly={2} -> {3}")
    @CsvSource({
        "LINUX,   true,  false, KVM,  false",
        "LINUX,   false, false, TCG,  true",
        "LINUX,   false, true,  TCG,  true",
        "MACOS,   true,  false, HVF,  false",
        "MACOS,   false, true,  TCG,  true",
        "WINDOWS, true,  false, WHPX, false",
        "WINDOWS, false, false, TCG,  true",
    })
    void decides(HostOs os, boolean marker, boolean exitedEarly, Accel expected, boolean warned) {
        AccelChoice choice = probe(os, new ProbeLauncher.ProbeRun(marker, exitedEarly, "error: failed to set MSR"), kvm)
                .choose(Path.of("/usr/bin/qemu-system-x86_64"));
        assertThat(choice.accel()).isEqualTo(expected);
        assertThat(choice.warning() != null).isEqualTo(warned);
        assertThat(launches).hasSize(1);
        if (exitedEarly) {
            assertThat(choice.warning()).contains("refused", "failed to set MSR", "slower");
        }
    }

    @Test
    void noKvmDeviceMeansTcgWithoutLaunching() {
        AccelChoice choice = probe(HostOs.LINUX, new ProbeLauncher.ProbeRun(true, false, ""), tmp.resolve("absent"))
                .choose(Path.of("/usr/bin/qemu-system-x86_64"));
        assertThat(choice.accel()).isEqualTo(Accel.TCG);
        assertThat(choice.warning()).contains("absent");
        assertThat(launches).isEmpty();
    }

    @Test
    void otherOsIsTcgWithoutLaunching() {
        assertThat(probe(HostOs.OTHER, new ProbeLauncher.ProbeRun(true, false, ""), kvm)
                .choose(Path.of("qemu")).accel()).isEqualTo(Accel.TCG);
        assertThat(launches).isEmpty();
    }

    @Test
    void probeArgvBootsFirmwareOnlyWithDebugconOutput() {
        AccelProbe p = probe(HostOs.LINUX, new ProbeLauncher.ProbeRun(true, false, ""), kvm);
        p.choose(Path.of("/usr/bin/qemu-system-x86_64"));
        Path out = tmp.resolve("cache").resolve("accel-probe-kvm.out");
        assertThat(launches.get(0)).containsExactly("/usr/bin/qemu-system-x86_64", "-machine", "q35", "-accel", "kvm",
                "-cpu", "host", "-display", "none", "-nodefaults", "-m", "64", "-no-reboot", "-debugcon", "file:" + out);
    }

    @Test
    void verdictIsCachedForTheTtlAndPerBinary() {
        Path bin = Path.of("/usr/bin/qemu-system-x86_64");
        assertThat(probe(HostOs.LINUX, new ProbeLauncher.ProbeRun(false, false, ""), kvm).choose(bin).accel())
                .isEqualTo(Accel.TCG);
        // Within the TTL: the cached "does not work" stands, even though the launcher would now succeed.
        assertThat(probe(HostOs.LINUX, new ProbeLauncher.ProbeRun(true, false, ""), kvm).choose(bin).warning())
                .contains("cached");
        assertThat(launches).hasSize(1);
        // Another binary is probed afresh.
        probe(HostOs.LINUX, new ProbeLauncher.ProbeRun(true, false, ""), kvm).choose(Path.of("/opt/qemu"));
        assertThat(launches).hasSize(2);
        // After the TTL the probe runs again.
        clock = Clock.offset(clock, Duration.ofMinutes(11));
        assertThat(probe(HostOs.LINUX, new ProbeLauncher.ProbeRun(true, false, ""), kvm).choose(Path.of("/opt/qemu"))
                .accel()).isEqualTo(Accel.KVM);
        assertThat(launches).hasSize(3);
    }
}
