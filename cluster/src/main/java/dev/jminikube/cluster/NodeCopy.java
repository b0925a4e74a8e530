package dev.jminikube.cluster;

import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.NoSpaceLeft;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandFailedException;
import dev.jminikube.core.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cp}, as minikube's: one file between this host and the node, through the node's {@link CommandRunner}.
 * {@code cp ./local.txt /home/docker/remote.txt} (or {@code NODE:/home/docker/remote.txt}) copies to the node;
 * {@code cp NODE:/path ./local} copies from it. NODE is the node's name (the profile's name, as minikube's single
 * node is named after its profile).
 */
public final class NodeCopy {
    /** {@code NAME:PATH}, NAME a DNS label as node and profile names are; anything else is a host path. */
    private static final Pattern NODE_SPEC = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?):(.*)", Pattern.DOTALL);

    /** Where one side of a copy is. */
    public sealed interface Location permits Host, Node {
    }

    /** A path on this host, resolved against the directory jminikube was started in. */
    public record Host(Path path) implements Location {
    }

    /** An absolute path in the node. */
    public record Node(String path) implements Location {
    }

    /** What was copied, for the line the CLI prints. */
    public record Copied(Location from, Location to, long bytes) {
    }

    private final String nodeName;
    private final Path workingDir;
    private final HostOs os;

    /**
     * @param nodeName   the node's name, accepted before ':'
     * @param workingDir where relative host paths start
     */
    public NodeCopy(String nodeName, Path workingDir, HostOs os) {
        this.nodeName = nodeName;
        this.workingDir = workingDir;
        this.os = os;
    }

    /**
     * The source: {@code NODE:PATH} is in the node, anything else on this host (where it must be a regular file).
     */
    public Location source(String argument) {
        Location at = parse(argument, false);
        if (at instanceof Host host) {
            if (!Files.exists(host.path())) {
                throw usage("the source " + host.path() + " does not exist", "Check the path; cp copies one existing file.");
            }
            if (!Files.isRegularFile(host.path())) {
                throw usage("the source " + host.path() + " is not a regular file (a directory?); cp copies one file",
                        "Copy the files one by one, or pack them: tar -czf dir.tgz DIR, then cp dir.tgz.");
            }
        }
        return at;
    }

    /**
     * The target: with a host source it is in the node whether or not it says {@code NODE:} (minikube's form);
     * with a node source it is on this host. A target ending in '/' is a directory: the source's file name goes
     * after it, as cp does.
     */
    public Location target(String argument, Location source) {
        Location at = parse(argument, source instanceof Host);
        if (source instanceof Node && at instanceof Node) {
            throw usage("both " + argument + " and the source are in the node; cp copies between this host and the node",
                    "Copy within the node with 'jminikube ssh -- cp SRC DST'.");
        }
        String sourceName = source instanceof Host h ? h.path().getFileName().toString()
                : ((Node) source).path().replaceAll(".*/", "");
        if (at instanceof Node node && node.path().endsWith("/")) {
            return new Node(node.path() + sourceName);
        }
        if (at instanceof Host host && (argument.endsWith("/") || Files.isDirectory(host.path()))) {
            return new Host(host.path().resolve(sourceName));
        }
        return at;
    }

    /** Copies {@code from} to {@code to} (one of them in the node) through {@code node}. */
    public Copied copy(Location from, Location to, CommandRunner node) {
        if (from instanceof Host host && to instanceof Node target) {
            // Executables stay executable (a script copied in to run); everything else is readable, as minikube's 0644.
            int mode = Files.isExecutable(host.path()) ? 0755 : 0644;
            node.copy(host.path(), target.path(), mode);
            return new Copied(from, to, sizeOf(host.path()));
        }
        if (from instanceof Node source && to instanceof Host target) {
            byte[] content;
            try {
                content = node.readFile(source.path());
            } catch (CommandFailedException e) {
                throw usage("cannot read " + source.path() + " in the node: " + e.result().stderr().strip(),
                        "Check the path with 'jminikube ssh -- ls -l " + source.path() + "'; cp copies one file.");
            }
            if (Files.isDirectory(target.path())) {
                throw usage("the target " + target.path() + " is a directory", "Name a file, or end the path with '/'.");
            }
            try {
                // Whole or not at all: an interrupted copy leaves no half file where the user expects the node's.
                AtomicFile.write(target.path(), content, AtomicFile.WORLD_READABLE);
            } catch (IOException e) {
                throw new JmkException(NoSpaceLeft.in(e) ? Reason.RESOURCE_DISK_FULL : Reason.HOST_PATH_NOT_WRITABLE,
                        "cannot write " + target.path() + ": " + e, e);
            }
            return new Copied(from, to, content.length);
        }
        throw new IllegalArgumentException("one side must be this host, the other the node: " + from + " -> " + to);
    }

    private Location parse(String argument, boolean nodeWithoutPrefix) {
        if (argument.isEmpty()) {
            throw usage("an empty path", "Give a file path, e.g. ./local.txt or " + nodeName + ":/home/docker/remote.txt.");
        }
        Matcher m = NODE_SPEC.matcher(argument);
        // C:\Users\... on Windows is a host path, not a node named "c".
        boolean drive = os == HostOs.WINDOWS && m.matches() && m.group(1).length() == 1;
        if (m.matches() && !drive) {
            if (!m.group(1).equals(nodeName)) {
                throw usage("there is no node named \"" + m.group(1) + "\" (the node is \"" + nodeName + "\")",
                        "Write the node's path as " + nodeName + ":" + m.group(3) + ", or choose the profile with -p.");
            }
            return node(m.group(3));
        }
        return nodeWithoutPrefix ? node(argument) : new Host(workingDir.resolve(argument).normalize());
    }

    private static Node node(String path) {
        if (!path.startsWith("/")) {
            throw usage("the node path \"" + path + "\" is relative; the node has no working directory to start it from",
                    "Give an absolute path in the node, e.g. /home/docker/" + path + ".");
        }
        return new Node(path);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static JmkException usage(String message, String advice) {
        return new JmkException(Reason.USAGE, message, advice, null, null);
    }
}
