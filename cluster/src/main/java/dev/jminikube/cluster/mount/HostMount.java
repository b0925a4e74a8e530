package dev.jminikube.cluster.mount;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.ShellQuoting;
import dev.jminikube.core.input.ControlCharacters;
import dev.jminikube.drivers.Machine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jminikube mount HOST_DIR:NODE_DIR}: a {@link NinePServer} for the host directory on a loopback port, and
 * the node's kernel mounting it over TCP from the host's address as the node sees it (its default gateway, which
 * a NAT driver maps to this host's loopback). Closing unmounts it in the node and stops the server.
 */
public final class HostMount implements AutoCloseable {
    /** Node paths a mount would hide the node's own system under. */
    private static final Set<String> RESERVED = Set.of("/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc",
            "/root", "/run", "/sbin", "/sys", "/tmp", "/usr", "/var", "/var/lib", "/var/lib/kubelet",
            "/var/lib/containerd", "/var/lib/docker", "/var/lib/etcd", "/etc/kubernetes", "/mnt/jmkshare");
    /** Trees of the node no mount may go anywhere under (a file there could become a static pod or a unit). */
    private static final List<String> SYSTEM_TREES = List.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc",
            "/run", "/sbin", "/sys", "/usr", "/var/lib/kubelet", "/var/lib/containerd", "/var/lib/docker",
            "/var/lib/etcd", "/var/lib/jminikube-node", "/mnt/jmkshare");
    private static final Pattern GATEWAY = Pattern.compile("^default via (\\S+)", Pattern.MULTILINE);
    /** Drivers whose NAT maps the node's gateway to this host's loopback, where the server listens. */
    private static final Set<String> NAT_DRIVERS = Set.of("qemu", "virtualbox");

    /**
     * HOST_DIR:NODE_DIR, split at the last ':' (a Windows host path has one of its own); a relative HOST_DIR is
     * taken from {@code workingDir}.
     */
    public record Spec(Path hostDir, String nodeDir) {
        public static Spec parse(String text, Path workingDir) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new JmkException(Reason.MOUNT_DIR_INVALID, "\"" + ControlCharacters.escape(text)
                        + "\" is not HOST_DIR:NODE_DIR");
            }
            String host = text.substring(0, colon);
            String node = text.substring(colon + 1);
            if (!node.startsWith("/") || node.contains("/../") || node.endsWith("/..") || node.contains("\n")) {
                throw new JmkException(Reason.MOUNT_DIR_INVALID, "node path " + ControlCharacters.escape(node)
                        + " must be absolute, without '..'");
            }
            String normalized = java.nio.file.Paths.get(node).normalize().toString().replace('\\', '/');
            if (RESERVED.contains(normalized) || SYSTEM_TREES.stream().anyMatch(t -> normalized.startsWith(t + "/"))) {
                throw new JmkException(Reason.MOUNT_DIR_INVALID, "mounting over " + normalized
                        + " would hide or change the node's own files").withAdvice("Choose a directory of its own, e.g. /mnt/src or /data.");
            }
            Path dir;
            try {
                dir = workingDir.resolve(Path.of(host));
            } catch (InvalidPathException e) {
                throw new JmkException(Reason.MOUNT_DIR_INVALID, "host path " + ControlCharacters.escape(host)
                        + " is not a path: " + e.getReason());
            }
            if (!Files.isDirectory(dir)) {
                throw new JmkException(Reason.MOUNT_DIR_INVALID, "host directory " + dir + " does not exist"
                        + (Files.exists(dir) ? " (it is a file)" : ""));
            }
            if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
                throw new JmkException(Reason.MOUNT_DIR_INVALID, "host directory " + dir + " cannot be read");
            }
            return new Spec(dir.toAbsolutePath().normalize(), normalized);
        }

        /** As the mount process is given it: HOST_DIR absolute. */
        @Override
        public String toString() {
            return hostDir + ":" + nodeDir;
        }
    }

    private final NinePServer server;
    private final CommandRunner node;
    private final String nodeDir;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** Set once the node mounted it: a failed mount must not unmount what was there before. */
    private volatile boolean mounted;

    private HostMount(NinePServer server, CommandRunner node, String nodeDir) {
        this.server = server;
        this.node = node;
        this.nodeDir = nodeDir;
    }

    /** Serves {@code spec}'s host directory and mounts it in {@code machine}'s node. */
    public static HostMount start(Machine machine, Spec spec, Consumer<String> log) {
        String driver = machine.config().driver();
        if (driver.equals("none")) {
            throw new JmkException(Reason.DRIVER_UNSUPPORTED_OS, "the none driver's node is this host: its pods "
                    + "can use " + spec.hostDir() + " as a hostPath directly").withAdvice("Use the host path in the pod.");
        }
        if (!NAT_DRIVERS.contains(driver)) {
            throw new JmkException(Reason.DRIVER_UNSUPPORTED_OS, "mount serves the directory on this host's loopback, "
                    + "which only NAT drivers (qemu, virtualbox) let the node reach; \"" + machine.profile() + "\" uses "
                    + driver).withAdvice("Use a qemu or virtualbox profile, or copy files with 'jminikube cp'.");
        }
        CommandRunner node = machine.guestRunner();
        NinePServer server;
        try {
            server = NinePServer.start(spec.hostDir(), log);
        } catch (IOException e) {
            node.close();
            throw new UncheckedIOException("serving " + spec.hostDir() + ": " + e.getMessage(), e);
        }
        HostMount mount = new HostMount(server, node, spec.nodeDir());
        try {
            String gateway = gateway(node.run(List.of("ip", "-4", "route", "show", "default"), RunOptions.DEFAULTS).stdout())
                    .orElse("10.0.2.2");
            String dir = ShellQuoting.quote(spec.nodeDir());
            // Something already mounted there (another 'jminikube mount') is refused, not replaced: its own Ctrl-C
            // would otherwise unmount this one.
            String script = "if mountpoint -q " + dir + "; then echo \"" + spec.nodeDir() + " is a mount point already "
                    + "(another jminikube mount?)\" >&2; exit 3; fi; mkdir -p " + dir + " && mount -t 9p -o "
                    + "trans=tcp,port=" + server.port() + ",version=9p2000.L,msize=262144,cache=none " + gateway + " " + dir;
            CommandResult r = node.run(List.of("sh", "-c", script), RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(60)));
            if (r.exitCode() != 0) {
                throw new JmkException(Reason.GUEST_COMMAND_FAILED, "the node could not mount " + spec.hostDir() + " at "
                        + spec.nodeDir() + ": " + r.combinedOutput());
            }
            mount.mounted = true;
            return mount;
        } catch (RuntimeException e) {
            mount.close();
            throw e;
        }
    }

    static Optional<String> gateway(String routes) {
        Matcher m = GATEWAY.matcher(routes);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public int port() {
        return server.port();
    }

    /** Unmounts in the node (lazily: a pod still in the directory does not keep it) and stops serving. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // Ctrl-C's hook and the command's own finally may both get here
        }
        try {
            if (mounted) {
                node.run(List.of("umount", "-l", nodeDir), RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(20)));
            }
        } catch (RuntimeException ignored) {
            // the node may be gone; the server stops anyway
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket
        }
        node.close();
    }
}
