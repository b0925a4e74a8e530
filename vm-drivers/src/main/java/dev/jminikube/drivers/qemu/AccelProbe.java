package dev.jminikube.drivers.qemu;

import dev.jminikube.core.HostOs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the accelerator by trying it. QEMU accepting {@code -accel kvm} proves nothing (on some hosts
 * the vCPU then never runs), so the probe boots a firmware-only VM for a few seconds and looks for the
 * firmware's first words: SeaBIOS writes its banner to the debug console port on x86 within about a
 * second when the vCPU really executes. No banner: fall back to TCG with a warning.
 * The verdict is cached for a short while, since every start would otherwise pay the probe's seconds.
 */
public final class AccelProbe {
    static final String SEABIOS_MARKER = "SeaBIOS (version";
    /** Unverified: the banner EDK2 (aarch64 UEFI) prints on the serial port. Only x86 was tested. */
    static final String EDK2_MARKER = "UEFI";

    private final ProbeLauncher launcher;
    private final HostOs os;
    private final QemuTarget target;
    private final Path kvmDevice;
    private final Path cacheDir;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final Clock clock;

    public AccelProbe(ProbeLauncher launcher, HostOs os, QemuTarget target, Path kvmDevice, Path cacheDir,
                      Duration timeout, Duration cacheTtl, Clock clock) {
        this.launcher = launcher;
        this.os = os;
        this.target = target;
        this.kvmDevice = kvmDevice;
        this.cacheDir = cacheDir;
        this.timeout = timeout;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    /** The hardware accelerator this OS would use, or empty where QEMU has none. */
    public Optional<Accel> hardwareAccel() {
        switch (os) {
            case LINUX:
                return Optional.of(Accel.KVM);
            case MACOS:
                return Optional.of(Accel.HVF);
            case WINDOWS:
                return Optional.of(Accel.WHPX);
            default:
                return Optional.empty();
        }
    }

    public AccelChoice choose(Path binary) {
        Optional<Accel> hw = hardwareAccel();
        if (hw.isEmpty()) {
            return slow("no hardware accelerator for " + os);
        }
        Accel accel = hw.get();
        if (accel == Accel.KVM && !(Files.isReadable(kvmDevice) && Files.isWritable(kvmDevice))) {
            return slow(kvmDevice + " is missing or not accessible");
        }
        Optional<Boolean> cached = readCache(binary, accel);
        if (cached.isPresent()) {
            return cached.get() ? new AccelChoice(accel, null)
                    : slow(accel.qemuName() + " did not run a test VM (cached result)");
        }
        Path output = cacheDir.resolve("accel-probe-" + accel.qemuName() + ".out");
        ProbeLauncher.ProbeRun run;
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            return slow("cannot create " + cacheDir + " for the acceleration probe: " + e.getMessage());
        }
        run = launcher.run(probeArgv(binary, accel, output), output, target.isArm() ? EDK2_MARKER : SEABIOS_MARKER,
                timeout);
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // Only a leftover probe file in the cache.
        }
        writeCache(binary, accel, run.markerSeen());
        if (run.markerSeen()) {
            return new AccelChoice(accel, null);
        }
        String why = run.exitedEarly()
                ? "QEMU refused -accel " + accel.qemuName() + firstLine(run.stderr())
                : "a test VM under -accel " + accel.qemuName() + " did not run within " + timeout.toSeconds() + "s";
        return slow(why);
    }

    /** The probe VM: firmware only, no disks, output to a file; x86 via SeaBIOS's debug port 0x402. */
    List<String> probeArgv(Path binary, Accel accel, Path output) {
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "-machine", target.machine(),
                "-accel", accel.qemuName(), "-cpu", accel.cpuModel(target),
                "-display", "none", "-nodefaults", "-m", "64", "-no-reboot"));
        if (target.isArm()) {
            argv.addAll(List.of("-bios", String.valueOf(target.firmware()), "-serial", "file:" + output));
        } else {
            argv.addAll(List.of("-debugcon", "file:" + output));
        }
        return argv;
    }

    private static AccelChoice slow(String why) {
        return new AccelChoice(Accel.TCG, "No hardware acceleration (" + why
                + "): the VM runs emulated (TCG), which is several times slower.");
    }

    private static String firstLine(String text) {
        String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return line.isEmpty() ? "" : ": " + line;
    }

    private Path cacheFile(Accel accel) {
        return cacheDir.resolve("accel-probe-" + accel.qemuName() + ".txt");
    }

    private Optional<Boolean> readCache(Path binary, Accel accel) {
        Path file = cacheFile(accel);
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.toInstant().plus(cacheTtl).isBefore(clock.instant())) {
                return Optional.empty();
            }
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split("\t");
            if (parts.length == 2 && parts[0].equals(binary.toString())) {
                return Optional.of(Boolean.parseBoolean(parts[1]));
            }
        } catch (IOException e) {
            // No cache (or unreadable): probe again.
        }
        return Optional.empty();
    }

    private void writeCache(Path binary, Accel accel, boolean works) {
        try {
            Path file = cacheFile(accel);
            Files.writeString(file, binary + "\t" + works + "\n", StandardCharsets.UTF_8);
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        } catch (IOException ignored) {
            // Without a cache the next start probes again; nothing is lost.
        }
    }
}
