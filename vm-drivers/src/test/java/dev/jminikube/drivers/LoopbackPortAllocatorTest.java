package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortAllocatorTest {
    private final LoopbackPortAllocator allocator = new LoopbackPortAllocator();

    @Test
    void aListeningPortIsNotFreeAndPickedPortsAre() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(allocator.isFree(taken.getLocalPort())).isFalse();
            int picked = allocator.pickFree(Set.of(taken.getLocalPort()));
            assertThat(picked).isNotEqualTo(taken.getLocalPort());
            assertThat(allocator.isFree(picked)).isTrue();
        }
    }
}
