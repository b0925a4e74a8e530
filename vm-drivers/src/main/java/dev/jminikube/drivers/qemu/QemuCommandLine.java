package dev.jminikube.drivers.qemu;

import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.MachineSpec;
import dev.jminikube.drivers.NodeSegment;
import dev.jminikube.drivers.PortForward;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The QEMU command line for a machine: a pure function of config, paths and accelerator, so the exact
 * argv is pinned by unit tests. A live process is recognised as this machine's QEMU by the parts of it that
 * name the machine ({@link #isThisMachines}).
 */
public final class QemuCommandLine {
    private QemuCommandLine() {
    }

    public static List<String> build(Path binary, QemuTarget target, MachineConfig config, MachinePaths paths,
                                     Accel accel) {
        return build(binary, target, config, paths, accel, Optional.empty());
    }

    /** With a {@link KernelBoot}, QEMU loads the kernel itself; the CD stays for live-boot's squashfs. */
    public static List<String> build(Path binary, QemuTarget target, MachineConfig config, MachinePaths paths,
                                     Accel accel, Optional<KernelBoot> kernelBoot) {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(List.of("-name", "jminikube-" + config.profile()));
        argv.addAll(List.of("-machine", target.machine()));
        if (target.firmware() != null) {
            argv.addAll(List.of("-bios", target.firmware().toString()));
        }
        argv.addAll(List.of("-accel", accel.qemuName()));
        argv.addAll(List.of("-cpu", accel.cpuModel(target)));
        argv.addAll(List.of("-smp", Integer.toString(config.cpus())));
        argv.addAll(List.of("-m", config.memoryMb() + "M"));
        // No default devices (VGA, parallel, the monitor on stdio): a daemon has no terminal.
        argv.addAll(List.of("-display", "none", "-nodefaults"));
        if (target.isArm()) {
            // virt has no IDE bus: the CD sits on virtio-scsi, first in UEFI's boot order.
            argv.addAll(List.of("-device", "virtio-scsi-pci,id=scsi0",
                    "-drive", "file=" + opt(config.iso()) + ",if=none,id=cd0,media=cdrom,readonly=on",
                    "-device", "scsi-cd,drive=cd0,bootindex=0"));
        } else if (kernelBoot.isPresent()) {
            KernelBoot k = kernelBoot.get();
            argv.addAll(List.of("-cdrom", config.iso().toString(), "-kernel", k.kernel().toString(),
                    "-initrd", k.initrd().toString(), "-append", k.cmdline()));
        } else {
            // The data disk gets a protective MBR once formatted; SeaBIOS must still boot the CD, not that.
            argv.addAll(List.of("-boot", "order=d", "-cdrom", config.iso().toString()));
        }
        argv.addAll(List.of("-drive", "file=" + opt(paths.disk()) + ",if=virtio,format=qcow2"));
        if (config.hostShare() != null) {
            // Read-only 9p share of the host cache (binaries, image tars): copying ~400 MB of binaries and the
            // add-on images over SSH costs a TCG guest a minute or more.
            argv.addAll(List.of("-virtfs", "local,path=" + opt(config.hostShare()) + ",mount_tag="
                    + MachineSpec.HOST_SHARE_TAG + ",security_model=none,readonly=on,id=share0"));
        }
        argv.addAll(List.of("-netdev", netdev(config.ports()), "-device", "virtio-net-pci,netdev=net0"));
        if (config.segment() != null) {
            argv.addAll(segment(config.segment()));
        }
        // sshd generates host keys on first boot; under TCG the guest would otherwise wait for entropy.
        argv.addAll(List.of("-device", "virtio-rng-pci"));
        // -serial's legacy "file:" form takes the rest verbatim (no option parsing), unlike -qmp's "unix:".
        argv.addAll(List.of("-serial", "file:" + paths.consoleLog()));
        argv.addAll(List.of("-qmp", "unix:" + opt(paths.qmpSocket()) + ",server=on,wait=off"));
        argv.addAll(List.of("-pidfile", paths.pidFile().toString(), "-daemonize"));
        return argv;
    }

    /**
     * True when {@code argv} (a live process's, argv[0] included) is a qemu-system-* that this machine's command
     * line started: its -pidfile is exactly the machine's pid file, its -name the machine's, its QMP socket the
     * machine's. Containing the machine directory is not enough: {@code tail -f machines/a/console.log}, or the
     * QEMU of profile {@code ab}, contain the directory of profile {@code a} as well.
     */
    public static boolean isThisMachines(List<String> argv, MachinePaths paths) {
        if (argv.isEmpty() || !fileName(argv.get(0)).startsWith("qemu-system-")) {
            return false;
        }
        String qmp = "unix:" + opt(paths.qmpSocket());
        return valueOf(argv, "-pidfile").filter(paths.pidFile().toString()::equals).isPresent()
                && valueOf(argv, "-name").filter(("jminikube-" + paths.profile())::equals).isPresent()
                && valueOf(argv, "-qmp").filter(v -> v.equals(qmp) || v.startsWith(qmp + ",")).isPresent();
    }

    /** The argument after the only occurrence of {@code option}; empty if it is missing or given twice. */
    private static Optional<String> valueOf(List<String> argv, String option) {
        int first = argv.indexOf(option);
        if (first < 0 || first + 1 >= argv.size() || argv.lastIndexOf(option) != first) {
            return Optional.empty();
        }
        return Optional.of(argv.get(first + 1));
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** A path inside a comma-separated QEMU option: QEMU reads ",," as a literal comma. */
    static String opt(Path path) {
        return path.toString().replace(",", ",,");
    }

    /**
     * The second NIC, on the profile's node network (after the NAT one, so the guest's first interface stays the
     * NAT one). Node 1 joins it to QEMU's hub and listens on one unix socket per worker on the same hub; a worker's
     * NIC connects to its socket, so the control plane's VM must be running first. QEMU unlinks a stale socket
     * before it listens; after a worker disconnects (its VM stopped) it listens again.
     */
    static List<String> segment(NodeSegment segment) {
        List<String> argv = new ArrayList<>();
        String nic = "virtio-net-pci,netdev=seg0,mac=" + segment.mac();
        if (segment.isHub()) {
            argv.addAll(List.of("-netdev", "hubport,id=seg0,hubid=1", "-device", nic));
            for (int worker = 2; worker <= 1 + segment.workers(); worker++) {
                argv.addAll(List.of("-netdev", "stream,id=segsock" + worker + ",server=on,addr.type=unix,addr.path="
                        + opt(segment.socket(worker)), "-netdev", "hubport,id=segport" + worker + ",hubid=1,netdev=segsock"
                        + worker));
            }
        } else {
            argv.addAll(List.of("-netdev", "stream,id=seg0,server=off,addr.type=unix,addr.path="
                    + opt(segment.socket(segment.index())), "-device", nic));
        }
        return argv;
    }

    /** User-mode networking; every forward listens on 127.0.0.1 only. */
    static String netdev(List<PortForward> ports) {
        return "user,id=net0" + ports.stream()
                .map(p -> ",hostfwd=tcp:127.0.0.1:" + p.hostPort() + "-:" + p.guestPort())
                .collect(Collectors.joining());
    }
}
