package dev.jminikube.drivers.none;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.ToolLocator;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.LoopbackPortAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * This host, as the none driver checks and uses it: a runner for its commands, its files (/proc), its
 * tools and ports. Everything is injected so the checks are tested without being root on a systemd host.
 */
record NoneHost(HostOs os, CommandRunner runner, Function<Path, Optional<String>> files, Predicate<String> tool,
                IntPredicate portFree) {
    /** What the localkube runs on the node: systemd units, containerd (also for docker), kube-proxy's netfilter tools. */
    static final List<String> REQUIRED_TOOLS = List.of("systemctl", "journalctl", "containerd", "ctr", "iptables",
            "conntrack", "socat", "tar", "sha256sum", "modprobe", "sysctl", "hostname");
    /** API server, kubelet, etcd client and peer: taken means another cluster (or an old one) runs here. */
    static final List<Integer> PORTS = List.of(8443, 10250, 2379, 2380);
    static final String DOC = "https://minikube.sigs.k8s.io/docs/drivers/none/";

    static NoneHost of(Environment env, CommandRunner runner) {
        ToolLocator tools = new ToolLocator(env);
        return new NoneHost(env.os(), runner, NoneHost::read, t -> tools.find(t).isPresent(),
                new LoopbackPortAllocator()::isFree);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** minikube's checks for this mode: Linux, root, systemd as PID 1, the tools. */
    DriverHealth check() {
        if (os != HostOs.LINUX) {
            return DriverHealth.notInstalled("the none driver runs only on Linux", null, DOC);
        }
        CommandResult id = runner.run("id", "-u");
        if (!id.succeeded() || !id.stdout().strip().equals("0")) {
            return DriverHealth.unhealthy("the none driver must run as root (id -u says "
                    + (id.succeeded() ? id.stdout().strip() : id.combinedOutput()) + ")", "sudo -E jminikube start --driver=none", DOC);
        }
        String init = files.apply(Path.of("/proc/1/comm")).map(String::strip).orElse("unknown");
        if (!init.equals("systemd")) {
            return DriverHealth.unhealthy("the none driver runs the cluster as systemd units, but PID 1 is \"" + init
                    + "\", not systemd (a container?)", "use a VM driver (--driver=qemu) on this host", DOC);
        }
        List<String> missing = REQUIRED_TOOLS.stream().filter(t -> !tool.test(t)).toList();
        if (!missing.isEmpty()) {
            return DriverHealth.notInstalled("missing on this host: " + String.join(", ", missing),
                    "sudo apt-get install -y containerd iptables conntrack socat kmod procps (Debian/Ubuntu)", DOC);
        }
        return DriverHealth.ok();
    }

    /** True when /proc/swaps lists a swap area (kubelet refuses to run with swap by default). */
    boolean swapOn() {
        return files.apply(Path.of("/proc/swaps")).map(s -> s.lines().skip(1).anyMatch(l -> !l.isBlank())).orElse(false);
    }

    List<Integer> takenPorts() {
        return PORTS.stream().filter(p -> !portFree.test(p)).toList();
    }

    /** The host's first IPv4 address that is not loopback or link-local, as {@code hostname -I} lists them. */
    Optional<String> primaryIpv4() {
        CommandResult r = runner.run("hostname", "-I");
        return r.succeeded() ? firstIpv4(r.stdout()) : Optional.empty();
    }

    static Optional<String> firstIpv4(String hostnameI) {
        for (String word : hostnameI.strip().split("\\s+")) {
            if (word.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !word.startsWith("127.") && !word.startsWith("169.254.")) {
                return Optional.of(word);
            }
        }
        return Optional.empty();
    }
}
