package dev.jminikube.drivers;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * Finds free ports by binding 127.0.0.1 briefly. There is a window between the check and QEMU binding
 * the port; if another program takes it then, QEMU fails to start and says so in qemu.log.
 */
public final class LoopbackPortAllocator implements PortAllocator {

    @Override
    public boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public int pickFree(Set<Integer> exclude) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new JmkException(Reason.NETWORK_PORT_IN_USE, "cannot find a free port on 127.0.0.1: "
                        + e.getMessage(), e);
            }
            if (!exclude.contains(port)) {
                return port;
            }
        }
        throw new JmkException(Reason.NETWORK_PORT_IN_USE, "cannot find a free port on 127.0.0.1 outside " + exclude);
    }
}
