package dev.jminikube.drivers;

import dev.jminikube.core.exec.HostKeyPin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of one machine under {@code $JMINIKUBE_HOME/machines/<profile>/}. The directory is the user's only
 * (0700), and so are the files in it that hold secrets ({@link #privateFiles}).
 */
public record MachinePaths(Path dir) {
    /**
     * The disk images the drivers make: QEMU's qcow2 and its raw seed, VirtualBox's vdi, Hyper-V's vhd, VMware's
     * vmdk (and its flat extent); vhdx for images made by hand. The guest keeps the cluster's CA key and etcd on them.
     */
    public static final List<String> DISK_IMAGE_SUFFIXES = List.of(".qcow2", ".raw", ".vdi", ".vhd", ".vhdx", ".vmdk");
    /** The guest's memory as QEMU saved it on suspend (see the QEMU driver's saved state). */
    static final Set<String> SAVED_MEMORY = Set.of("suspend.state", "suspend.state.partial");

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

    /** The background mount process ({@code start --mount}): its pid, start instant and HOST_DIR:NODE_DIR. */
    public Path mountPidFile() {
        return dir.resolve("mount.pid");
    }

    /** What the background mount process prints. */
    public Path mountLog() {
        return dir.resolve("mount.log");
    }

    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    /** What QEMU writes to stderr while starting (bad options, ports in use). */
    public Path qemuLog() {
        return dir.resolve("qemu.log");
    }

    /**
     * The machine's files that only the user may read, as they are now: the SSH private key, disk images, saved
     * guest memory. Empty when the directory is missing.
     */
    public List<Path> privateFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).filter(f -> {
                String name = f.getFileName().toString();
                return f.equals(privateKey()) || SAVED_MEMORY.contains(name)
                        || DISK_IMAGE_SUFFIXES.stream().anyMatch(name::endsWith);
            }).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
