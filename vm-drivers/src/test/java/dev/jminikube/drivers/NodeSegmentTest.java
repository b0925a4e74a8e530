package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSegmentTest {
    @TempDir
    Path dir;

    @Test
    void nodesAreNamedNumberedAndAddressedAsMinikubeNamesThem() {
        assertThat(NodeSegment.nodeName("dev", 1)).isEqualTo("dev");
        assertThat(NodeSegment.nodeName("dev", 2)).isEqualTo("dev-m02");
        assertThat(NodeSegment.nodeName("dev", 12)).isEqualTo("dev-m12");
        NodeSegment hub = NodeSegment.hub(2, dir);
        NodeSegment worker = NodeSegment.worker(2, dir);
        assertThat(List.of(hub.address(), worker.address())).containsExactly("10.0.3.2", "10.0.3.3");
        assertThat(List.of(hub.mac(), worker.mac(), NodeSegment.worker(99, dir).mac()))
                .containsExactly("52:54:00:6a:00:01", "52:54:00:6a:00:02", "52:54:00:6a:00:63");
        assertThat(worker.socket(worker.index())).isEqualTo(hub.socket(2)).isEqualTo(dir.resolve("m02.sock"));
    }

    @Test
    void impossiblePlacesAreRefused() {
        assertThatThrownBy(() -> NodeSegment.worker(1, dir)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeSegment(2, 1, dir)).as("only node 1 serves workers")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeSegment.hub(99, dir)).as("m100 would not fit the naming")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeSegment(100, 0, dir)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The kernel's unix socket path limit is met before any VM starts, naming the way out. */
    @Test
    void aSocketPathTooLongForTheKernelIsRefusedWithAdvice() throws Exception {
        NodeSegment.hub(3, dir).checkSocketPaths();
        Path deep = dir.resolve("a".repeat(60)).resolve("b".repeat(40));
        assertThatThrownBy(() -> NodeSegment.hub(3, deep).checkSocketPaths()).isInstanceOfSatisfying(JmkException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HOST_PATH_NOT_WRITABLE);
                    assertThat(e.getMessage()).contains("m04.sock").contains("107 bytes");
                    assertThat(e.advice()).contains("JMINIKUBE_HOME");
                });
        assertThat(Files.exists(deep)).isFalse();
    }

    @Test
    void aSegmentSurvivesConfigYaml() throws Exception {
        Path file = dir.resolve("machines/dev-m02/config.yaml");
        MachineConfig config = new MachineConfig("dev-m02", "qemu", 2, 2200, 20000, dir.resolve("node.iso"), List.of(),
                "tcg", true).withSegment(NodeSegment.worker(2, dir.resolve("machines/dev/node-net")));
        MachineConfigFile.write(file, config);
        assertThat(MachineConfigFile.read(file)).contains(config);
        assertThat(Files.readString(file)).as("its three components, nothing derived")
                .contains("segment:\n  index: 2\n  workers: 0\n  socketDir:").doesNotContain("hub:").doesNotContain("mac:");
        MachineConfig single = config.withSegment(null);
        MachineConfigFile.write(file, single);
        assertThat(MachineConfigFile.read(file).orElseThrow().segment()).isNull();
    }
}
