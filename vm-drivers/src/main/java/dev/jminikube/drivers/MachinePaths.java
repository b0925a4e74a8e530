package dev.jminikube.drivers;

import dev.jminikube.core.exec.HostKeyPin;
import java.nio.file.Path;

/** The files of one machine under {@code $JMINIKUBE_HOME/machines/<profile>/}. */
public record MachinePaths(Path dir) {

    public static MachinePaths of(Path machinesDir, String profile) {
        return new MachinePaths(machinesDir.resolve(profile).toAbsolutePath());
    }

    public String profile() {
        return dir.getFileName().toString();
    }

    public Path config() {
        return dir.resolve("config.yaml");
    }

    public Path disk() {
        return dir.resolve("disk.qcow2");
    }

    /** The raw seed (tar) the disk is converted from; deleted once the disk exists. */
    public Path seed() {
        return dir.resolve("seed.raw");
    }

    public Path privateKey() {
        return dir.resolve("id_ed25519");
    }

    public Path publicKey() {
        return dir.resolve("id_ed25519.pub");
    }

    /**
     * The guest's SSH host key, pinned at first contact (OpenSSH known_hosts format). It belongs to the guest's disk:
     * whatever makes a new disk must remove it, and {@code delete} removes both with the directory.
     */
    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /** The pin every SSH connection to this machine checks, filed under the machine's name. */
    public HostKeyPin hostKeyPin() {
        return new HostKeyPin(knownHosts(), profile());
    }

    public Path qmpSocket() {
        return dir.resolve("qmp.sock");
    }

    public Path pidFile() {
        return dir.resolve("qemu.pid");
    }

    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    /** What QEMU writes to stderr while starting (bad options, ports in use). */
    public Path qemuLog() {
        return dir.resolve("qemu.log");
    }
}
