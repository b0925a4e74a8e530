package dev.jminikube.drivers.hyperv;

import dev.jminikube.core.HostOs;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.DriverPriority;
import dev.jminikube.drivers.MachineContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Wires the Hyper-V driver to the fake for tests outside this package (the contract). */
public final class HyperVTesting {
    private HyperVTesting() {
    }

    /** One fake Hyper-V host, its state in a directory. */
    public static final class World {
        final FakePowerShell ps;

        public World(Path dir) {
            ps = new FakePowerShell(dir);
        }

        public DriverDefinition definition() {
            return new DriverDefinition(HyperVDriver.NAME, Set.of(HostOs.WINDOWS), DriverPriority.PREFERRED,
                    new HyperVHealth(env -> Optional.of(ps)), this::driver, HyperVHealth.DOC);
        }

        HyperVDriver driver(MachineContext machine) {
            return new HyperVDriver(machine, Optional.of(ps), d -> { }, System::nanoTime, Clock.systemUTC());
        }

        /** The boot id the VM's guest keeps in memory while it runs; empty when it does not run. */
        public Optional<String> guestBootId(String vmName) {
            return Optional.ofNullable(ps.state().vms.get(vmName)).map(vm -> vm.bootId);
        }

        /** VM name to Hyper-V state name. */
        public Map<String, String> vmStates() {
            Map<String, String> result = new LinkedHashMap<>();
            ps.state().vms.forEach((name, vm) -> result.put(name, vm.state));
            return result;
        }
    }
}
