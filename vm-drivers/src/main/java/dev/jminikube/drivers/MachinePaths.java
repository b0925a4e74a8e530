package dev.jminikube.drivers;

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
