package dev.jminikube.drivers.none;

import dev.jminikube.core.HostOs;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.DriverPriority;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A made-up host for the none driver: its commands recorded, its /proc files, tools and ports chosen by the test. */
public final class NoneTesting {
    public final RecordingCommandRunner runner = new RecordingCommandRunner();
    public final Map<String, String> files = new HashMap<>(Map.of("/proc/1/comm", "systemd\n",
            "/proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"));
    public final Set<String> missingTools = new HashSet<>();
    public final Set<Integer> takenPorts = new HashSet<>();
    public HostOs os = HostOs.LINUX;

    public NoneTesting() {
        runner.whenRun("id", "-u").thenOutput("0\n");
        runner.whenRun("hostname", "-I").thenOutput("192.168.1.20 172.17.0.1 fe80::5054:ff:fe12:3456 \n");
    }

    NoneHost host() {
        return new NoneHost(os, runner, p -> Optional.ofNullable(files.get(p.toString())), t -> !missingTools.contains(t),
                p -> !takenPorts.contains(p));
    }

    public DriverDefinition definition() {
        return new DriverDefinition(NoneDriver.NAME, Set.of(HostOs.LINUX), DriverPriority.DISCOURAGED,
                env -> host().check(), m -> new NoneDriver(m, host()), NoneHost.DOC);
    }

    public static Path unused() {
        return Path.of("/");
    }
}
