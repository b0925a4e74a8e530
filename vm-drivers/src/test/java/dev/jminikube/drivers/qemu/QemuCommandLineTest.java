package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.NodeSegment;
import dev.jminikube.drivers.PortForward;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QemuCommandLineTest {
    private final MachinePaths paths = new MachinePaths(Path.of("/home/u/.jminikube/machines/dev"));
    private final MachineConfig config = new MachineConfig("dev", "qemu", 2, 2200, 20000, Path.of("/isos/node.iso"),
            List.of(new PortForward("ssh", 40022, 22), new PortForward("apiserver", 40443, 8443),
                    PortForward.nodePort(41080, 30080)), "tcg", true);

    private List<String> argvOf(MachinePaths machine, String profile) {
        MachineConfig c = new MachineConfig(profile, "qemu", 2, 2200, 20000, Path.of("/isos/node.iso"), List.of(),
                "tcg", true);
        return QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), QemuTarget.x86_64(), c, machine,
                Accel.TCG);
    }

    @Test
    void theMachinesOwnQemuIsRecognised() {
        assertThat(QemuCommandLine.isThisMachines(argvOf(paths, "dev"), paths)).isTrue();
        MachinePaths comma = new MachinePaths(Path.of("/home/u/odd,home/machines/dev"));
        assertThat(QemuCommandLine.isThisMachines(argvOf(comma, "dev"), comma)).as("escaped QMP path").isTrue();
    }

    @Test
    void processesThatMerelyNameTheMachineDirectoryAreNotIt() {
        MachinePaths ab = new MachinePaths(Path.of("/home/u/.jminikube/machines/dev2"));
        assertThat(QemuCommandLine.isThisMachines(argvOf(ab, "dev2"), paths)).as("the QEMU of profile dev2").isFalse();
        assertThat(QemuCommandLine.isThisMachines(List.of("tail", "-f", paths.consoleLog().toString()), paths))
                .as("tail -f of its console log").isFalse();
        assertThat(QemuCommandLine.isThisMachines(List.of("/bin/sh", "-c", "sleep 60", "-pidfile",
                paths.pidFile().toString(), "-name", "jminikube-dev", "-qmp", "unix:" + paths.qmpSocket()), paths))
                .as("not a qemu-system binary, whatever its arguments").isFalse();
        assertThat(QemuCommandLine.isThisMachines(List.of(), paths)).isFalse();
    }

    @Test
    void everyIdentifyingArgumentMustBeExact() {
        List<String> own = argvOf(paths, "dev");
        assertThat(QemuCommandLine.isThisMachines(replaced(own, "-pidfile", paths.pidFile() + ".old"), paths)).isFalse();
        assertThat(QemuCommandLine.isThisMachines(replaced(own, "-name", "jminikube-dev2"), paths)).isFalse();
        assertThat(QemuCommandLine.isThisMachines(replaced(own, "-qmp", "unix:" + paths.qmpSocket() + "2,server=on"),
                paths)).isFalse();
        List<String> withoutName = new java.util.ArrayList<>(own);
        withoutName.subList(1, 3).clear();
        assertThat(QemuCommandLine.isThisMachines(withoutName, paths)).isFalse();
        List<String> twoPidfiles = new java.util.ArrayList<>(own);
        twoPidfiles.addAll(List.of("-pidfile", "/tmp/other.pid"));
        assertThat(QemuCommandLine.isThisMachines(twoPidfiles, paths)).isFalse();
    }

    private static List<String> replaced(List<String> argv, String option, String value) {
        List<String> copy = new java.util.ArrayList<>(argv);
        copy.set(copy.indexOf(option) + 1, value);
        return copy;
    }

    @Test
    void hostShareIsAReadOnly9pExportWithAnEscapedPath() {
        MachineConfig shared = new MachineConfig("dev", "qemu", 2, 2200, 20000, Path.of("/isos/node.iso"),
                List.of(), "tcg", true, Path.of("/home/u/.jminikube/cache/a,b"));
        List<String> argv = QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), QemuTarget.x86_64(),
                shared, paths, Accel.TCG);
        int at = argv.indexOf("-virtfs");
        assertThat(argv.get(at + 1)).isEqualTo(
                "local,path=/home/u/.jminikube/cache/a,,b,mount_tag=jmkshare,security_model=none,readonly=on,id=share0");
    }

    /**
     * Multi-node's node network: node 1's second NIC on QEMU's hub with one listening socket per worker; a worker's
     * second NIC connected to its socket. Both after the NAT NIC, with fixed MACs.
     */
    @Test
    void theControlPlaneHubsTheNodeNetworkAndAWorkerConnectsToItsSocket() {
        Path sockets = Path.of("/home/u/.jminikube/machines/dev/node-net");
        MachineConfig hub = config.withSegment(NodeSegment.hub(2, sockets));
        List<String> argv = QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), QemuTarget.x86_64(), hub,
                paths, Accel.TCG);
        assertThat(argv).containsSubsequence("virtio-net-pci,netdev=net0",
                "-netdev", "hubport,id=seg0,hubid=1", "-device", "virtio-net-pci,netdev=seg0,mac=52:54:00:6a:00:01",
                "-netdev", "stream,id=segsock2,server=on,addr.type=unix,addr.path=" + sockets + "/m02.sock",
                "-netdev", "hubport,id=segport2,hubid=1,netdev=segsock2",
                "-netdev", "stream,id=segsock3,server=on,addr.type=unix,addr.path=" + sockets + "/m03.sock",
                "-netdev", "hubport,id=segport3,hubid=1,netdev=segsock3");

        MachineConfig worker = config.withSegment(NodeSegment.worker(3, sockets));
        assertThat(QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), QemuTarget.x86_64(), worker, paths,
                Accel.TCG)).containsSubsequence("virtio-net-pci,netdev=net0",
                "-netdev", "stream,id=seg0,server=off,addr.type=unix,addr.path=" + sockets + "/m03.sock",
                "-device", "virtio-net-pci,netdev=seg0,mac=52:54:00:6a:00:03").doesNotContain("hubport,id=seg0,hubid=1");
        assertThat(QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), QemuTarget.x86_64(), config, paths,
                Accel.TCG)).as("one node: one NIC").noneMatch(a -> a.contains("seg0"));
    }

    @Test
    void noShareNoVirtfs() {
        assertThat(QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), QemuTarget.x86_64(), config, paths,
                Accel.TCG)).doesNotContain("-virtfs");
    }

    @Test
    void x86UnderTcg() {
        assertThat(QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), QemuTarget.x86_64(), config, paths,
                Accel.TCG)).containsExactly(
                "/usr/bin/qemu-system-x86_64",
                "-name", "jminikube-dev",
                "-machine", "q35",
                "-accel", "tcg",
                "-cpu", "max,erms=off",
                "-smp", "2",
                "-m", "2200M",
                "-display", "none", "-nodefaults",
                "-boot", "order=d", "-cdrom", "/isos/node.iso",
                "-drive", "file=/home/u/.jminikube/machines/dev/disk.qcow2,if=virtio,format=qcow2",
                "-netdev", "user,id=net0,hostfwd=tcp:127.0.0.1:40022-:22,hostfwd=tcp:127.0.0.1:40443-:8443"
                        + ",hostfwd=tcp:127.0.0.1:41080-:30080",
                "-device", "virtio-net-pci,netdev=net0",
                "-device", "virtio-rng-pci",
                "-serial", "file:/home/u/.jminikube/machines/dev/console.log",
                "-qmp", "unix:/home/u/.jminikube/machines/dev/qmp.sock,server=on,wait=off",
                "-pidfile", "/home/u/.jminikube/machines/dev/qemu.pid", "-daemonize");
    }

    @Test
    void x86DirectKernelBootKeepsTheCdForTheSquashfs() {
        KernelBoot boot = new KernelBoot(Path.of("/home/u/.jminikube/cache/iso/node.iso.boot/vmlinuz"),
                Path.of("/home/u/.jminikube/cache/iso/node.iso.boot/initrd.img"), "boot=live quiet console=ttyS0,115200n8");
        assertThat(QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), QemuTarget.x86_64(), config, paths,
                Accel.TCG, Optional.of(boot))).containsExactly(
                "/usr/bin/qemu-system-x86_64",
                "-name", "jminikube-dev",
                "-machine", "q35",
                "-accel", "tcg",
                "-cpu", "max,erms=off",
                "-smp", "2",
                "-m", "2200M",
                "-display", "none", "-nodefaults",
                "-cdrom", "/isos/node.iso",
                "-kernel", "/home/u/.jminikube/cache/iso/node.iso.boot/vmlinuz",
                "-initrd", "/home/u/.jminikube/cache/iso/node.iso.boot/initrd.img",
                "-append", "boot=live quiet console=ttyS0,115200n8",
                "-drive", "file=/home/u/.jminikube/machines/dev/disk.qcow2,if=virtio,format=qcow2",
                "-netdev", "user,id=net0,hostfwd=tcp:127.0.0.1:40022-:22,hostfwd=tcp:127.0.0.1:40443-:8443"
                        + ",hostfwd=tcp:127.0.0.1:41080-:30080",
                "-device", "virtio-net-pci,netdev=net0",
                "-device", "virtio-rng-pci",
                "-serial", "file:/home/u/.jminikube/machines/dev/console.log",
                "-qmp", "unix:/home/u/.jminikube/machines/dev/qmp.sock,server=on,wait=off",
                "-pidfile", "/home/u/.jminikube/machines/dev/qemu.pid", "-daemonize");
    }

    @Test
    void withoutAKernelBootX86BootsTheCd() {
        assertThat(QemuCommandLine.build(Path.of("qemu-system-x86_64"), QemuTarget.x86_64(), config, paths, Accel.TCG,
                Optional.empty())).isEqualTo(QemuCommandLine.build(Path.of("qemu-system-x86_64"), QemuTarget.x86_64(),
                config, paths, Accel.TCG)).contains("-boot", "order=d").doesNotContain("-kernel", "-append");
    }

    @Test
    void kvmUsesTheHostCpu() {
        List<String> argv = QemuCommandLine.build(Path.of("qemu-system-x86_64"), QemuTarget.x86_64(), config, paths,
                Accel.KVM);
        assertThat(String.join(" ", argv)).contains("-accel kvm -cpu host");
    }

    @Test
    void arm64UsesVirtUefiAndAScsiCd() {
        List<String> argv = QemuCommandLine.build(Path.of("/opt/homebrew/bin/qemu-system-aarch64"),
                QemuTarget.aarch64(Path.of("/opt/homebrew/share/qemu/edk2-aarch64-code.fd")), config, paths, Accel.HVF);
        String line = String.join(" ", argv);
        assertThat(line).contains("-machine virt -bios /opt/homebrew/share/qemu/edk2-aarch64-code.fd -accel hvf -cpu host",
                "-drive file=/isos/node.iso,if=none,id=cd0,media=cdrom,readonly=on",
                "-device scsi-cd,drive=cd0,bootindex=0");
        assertThat(argv).doesNotContain("-cdrom", "-boot");
    }

    @Test
    void commasInPathsAreDoubledInsideOptions() {
        List<String> argv = QemuCommandLine.build(Path.of("qemu-system-x86_64"), QemuTarget.x86_64(), config,
                new MachinePaths(Path.of("/home/a,b/m")), Accel.TCG);
        assertThat(argv).contains("file=/home/a,,b/m/disk.qcow2,if=virtio,format=qcow2", "file:/home/a,b/m/console.log", "unix:/home/a,,b/m/qmp.sock,server=on,wait=off",
                "-pidfile", "/home/a,b/m/qemu.pid");
    }

    @Test
    void everyForwardListensOnLoopbackOnly() {
        String[] parts = QemuCommandLine.netdev(config.ports()).split(",hostfwd=");
        assertThat(parts).hasSize(4);
        assertThat(List.of(parts).subList(1, 4)).allMatch(f -> f.startsWith("tcp:127.0.0.1:"));
        assertThat(QemuCommandLine.netdev(List.of())).isEqualTo("user,id=net0");
    }
}
