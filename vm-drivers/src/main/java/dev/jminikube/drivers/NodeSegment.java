package dev.jminikube.drivers;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.nodes.NodeSlot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A machine's place on its profile's node network (issue 18, multi-node): a private layer-2 segment between the
 * VMs of one profile that sends nothing off the host. Under QEMU the control plane's VM (node 1) is the segment's
 * hub: QEMU's own hub joins its second NIC to one unix stream socket per worker in {@link #socketDir}, and each
 * worker's second NIC connects to its socket. The first NIC stays user-mode NAT (outbound traffic, the 127.0.0.1
 * forwards). Each node has a fixed MAC and address on the segment, derived from its index, so both survive restarts.
 *
 * @param index     the node's number in its profile: 1 for the control plane, 2 for {@code <profile>-m02}, ...
 * @param workers   how many worker sockets the hub listens on (node 1 only; 0 for a worker)
 * @param socketDir the profile's directory of segment sockets (one per worker, {@code m02.sock}, ...)
 */
public record NodeSegment(int index, int workers, Path socketDir) {
    public static final String SUBNET = NodeSlot.SEGMENT_SUBNET;
    public static final int PREFIX_LENGTH = NodeSlot.SEGMENT_PREFIX_LENGTH;
    public static final int MAX_NODES = NodeSlot.MAX_NODES;
    /** sun_path's size on Linux (108) less its terminating NUL: QEMU refuses a longer socket path. */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    public NodeSegment {
        Objects.requireNonNull(socketDir, "socketDir");
        new NodeSlot(index); // checks the range
        if (workers < 0 || (index > 1 && workers != 0) || index + workers > MAX_NODES) {
            throw new IllegalArgumentException("node " + index + " cannot serve " + workers + " workers");
        }
    }

    /** The control plane's place, serving {@code workers} worker sockets. */
    public static NodeSegment hub(int workers, Path socketDir) {
        return new NodeSegment(1, workers, socketDir);
    }

    /** Worker {@code index}'s place (2 for {@code <profile>-m02}). */
    public static NodeSegment worker(int index, Path socketDir) {
        if (index < 2) {
            throw new IllegalArgumentException("worker index " + index + " must be 2 or more");
        }
        return new NodeSegment(index, 0, socketDir);
    }

    @JsonIgnore // derived from the index: config.yaml keeps the three components only
    public boolean isHub() {
        return index == 1;
    }

    /** See {@link NodeSlot#nodeName}. */
    public static String nodeName(String profile, int index) {
        return new NodeSlot(index).nodeName(profile);
    }

    /** See {@link NodeSlot#segmentAddress}. */
    public String address() {
        return new NodeSlot(index).segmentAddress();
    }

    /** See {@link NodeSlot#segmentMac}. */
    public String mac() {
        return new NodeSlot(index).segmentMac();
    }

    /** The unix socket worker {@code workerIndex} connects to and the hub listens on. */
    public Path socket(int workerIndex) {
        return socketDir.resolve(String.format("m%02d.sock", workerIndex));
    }

    /**
     * Refuses a socket path the kernel cannot bind (a JMINIKUBE_HOME nested too deep), before any VM starts, with
     * the way out.
     */
    public void checkSocketPaths() {
        int last = isHub() ? 1 + workers : index;
        Path longest = socket(Math.max(last, 2));
        if (longest.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE, "the node network's socket " + longest + " is longer "
                    + "than the " + MAX_SOCKET_PATH_BYTES + " bytes a unix socket path may have")
                    .withAdvice("Set JMINIKUBE_HOME to a shorter directory (e.g. ~/.jminikube), or use a shorter profile name.");
        }
    }
}
