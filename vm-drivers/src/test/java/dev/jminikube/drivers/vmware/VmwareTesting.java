package dev.jminikube.drivers.vmware;

import dev.jminikube.core.HostOs;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.DriverPriority;
import dev.jminikube.drivers.MachineContext;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Wires the VMware driver to the fakes for tests outside this package (the contract). */
public final class VmwareTesting {
    private VmwareTesting() {
    }

    public static final class World {
        final FakeVmrun vmrun;
        final FakeVdiskManager vdisk = new FakeVdiskManager();

        public World(Path dir) {
            vmrun = new FakeVmrun(dir);
        }

        public DriverDefinition definition() {
            return new DriverDefinition(VmwareDriver.NAME, Set.of(HostOs.LINUX, HostOs.MACOS, HostOs.WINDOWS),
                    DriverPriority.DEFAULT, new VmwareHealth((env, tool) -> Optional.of(Path.of("/fake/" + tool)),
                    (env, path) -> vmrun), this::driver, VmwareHealth.DOC);
        }

        VmwareDriver driver(MachineContext machine) {
            return new VmwareDriver(machine, Optional.of(vmrun), Optional.of(vdisk), HostOs.LINUX, d -> { },
                    System::nanoTime);
        }

        /** The boot id the VM's guest keeps in memory; empty when no guest runs. */
        public Optional<String> guestBootId(Path vmx) {
            return Optional.ofNullable(vmrun.state().bootIds.get(vmx.toString()));
        }

        public int runningVms() {
            return vmrun.state().running.size();
        }
    }
}
