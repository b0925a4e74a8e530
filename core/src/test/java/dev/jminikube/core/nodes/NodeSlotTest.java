package dev.jminikube.core.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeSlotTest {
    @Test
    void namesAddressesAndMacsFollowTheIndex() {
        assertThat(NodeSlot.CONTROL_PLANE.nodeName("dev")).isEqualTo("dev");
        assertThat(new NodeSlot(2).nodeName("dev")).isEqualTo("dev-m02");
        assertThat(new NodeSlot(12).nodeName("dev")).isEqualTo("dev-m12");
        assertThat(NodeSlot.CONTROL_PLANE.segmentAddress()).isEqualTo("10.0.3.2");
        assertThat(new NodeSlot(99).segmentAddress()).isEqualTo("10.0.3.100");
        assertThat(new NodeSlot(2).segmentMac()).isEqualTo("52:54:00:6a:00:02");
        assertThat(new NodeSlot(99).segmentMac()).isEqualTo("52:54:00:6a:00:63");
        assertThat(NodeSlot.CONTROL_PLANE.isControlPlane()).isTrue();
        assertThat(new NodeSlot(2).isControlPlane()).isFalse();
    }

    @Test
    void refusesIndicesOutsideTheNaming() {
        assertThatThrownBy(() -> new NodeSlot(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeSlot(100)).as("m100 would not fit minikube's two digits")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
