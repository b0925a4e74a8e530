package dev.jminikube.drivers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A machine's persisted settings ({@code config.yaml}). {@code created} turns true only once the
 * driver made every resource, so a half-created machine is recognised and made afresh.
 *
 * @param accel     the acceleration the VM last booted with ({@code kvm}, {@code tcg}...), or null before the first boot
 * @param hostShare the host directory shared read-only with the guest, or null (see {@link MachineSpec#hostShare})
 * @param hypervVirtualSwitch the Hyper-V virtual switch the VM is connected to: what --hyperv-virtual-switch asked
 *                  for, or (once created) what the driver chose; null for other drivers
 * @param segment   the machine's place on its profile's node network (multi-node), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MachineConfig(String profile, String driver, int cpus, long memoryMb, long diskSizeMb, Path iso,
                            List<PortForward> ports, String accel, boolean created, Path hostShare,
                            String hypervVirtualSwitch, NodeSegment segment) {

    public MachineConfig {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(driver, "driver");
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public MachineConfig(String profile, String driver, int cpus, long memoryMb, long diskSizeMb, Path iso,
                         List<PortForward> ports, String accel, boolean created, Path hostShare,
                         String hypervVirtualSwitch) {
        this(profile, driver, cpus, memoryMb, diskSizeMb, iso, ports, accel, created, hostShare, hypervVirtualSwitch,
                null);
    }

    public MachineConfig(String profile, String driver, int cpus, long memoryMb, long diskSizeMb, Path iso,
                         List<PortForward> ports, String accel, boolean created, Path hostShare) {
        this(profile, driver, cpus, memoryMb, diskSizeMb, iso, ports, accel, created, hostShare, null);
    }

    public MachineConfig(String profile, String driver, int cpus, long memoryMb, long diskSizeMb, Path iso,
                         List<PortForward> ports, String accel, boolean created) {
        this(profile, driver, cpus, memoryMb, diskSizeMb, iso, ports, accel, created, null, null);
    }

    public static MachineConfig fromSpec(MachineSpec spec, String driver) {
        return new MachineConfig(spec.profile(), driver, spec.cpus(), spec.memoryMb(), spec.diskSizeMb(),
                spec.iso().toAbsolutePath(), List.of(), null, false,
                spec.hostShare() == null ? null : spec.hostShare().toAbsolutePath(), spec.hypervVirtualSwitch(),
                spec.segment());
    }

    public Optional<PortForward> port(String name) {
        return ports.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public MachineConfig withPorts(List<PortForward> newPorts) {
        return new MachineConfig(profile, driver, cpus, memoryMb, diskSizeMb, iso, newPorts, accel, created, hostShare,
                hypervVirtualSwitch, segment);
    }

    public MachineConfig withPort(PortForward forward) {
        List<PortForward> list = new ArrayList<>(ports);
        list.removeIf(p -> p.name().equals(forward.name()));
        list.add(forward);
        return withPorts(list);
    }

    public MachineConfig withAccel(String newAccel) {
        return new MachineConfig(profile, driver, cpus, memoryMb, diskSizeMb, iso, ports, newAccel, created, hostShare,
                hypervVirtualSwitch, segment);
    }

    public MachineConfig withCreated(boolean done) {
        return new MachineConfig(profile, driver, cpus, memoryMb, diskSizeMb, iso, ports, accel, done, hostShare,
                hypervVirtualSwitch, segment);
    }

    /** Without a host share: for drivers that cannot share a directory with the guest (all but QEMU). */
    public MachineConfig withoutHostShare() {
        return new MachineConfig(profile, driver, cpus, memoryMb, diskSizeMb, iso, ports, accel, created, null,
                hypervVirtualSwitch, segment);
    }

    public MachineConfig withHypervVirtualSwitch(String name) {
        return new MachineConfig(profile, driver, cpus, memoryMb, diskSizeMb, iso, ports, accel, created, hostShare,
                name, segment);
    }

    public MachineConfig withSegment(NodeSegment newSegment) {
        return new MachineConfig(profile, driver, cpus, memoryMb, diskSizeMb, iso, ports, accel, created, hostShare,
                hypervVirtualSwitch, newSegment);
    }
}
