package dev.jminikube.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import org.junit.jupiter.api.Test;

class NodePortsTest {

    @Test
    void nodePortServiceGivesEachPortWithItsNodePort() throws Exception {
        String json = """
                {"kind":"Service","metadata":{"name":"web","namespace":"default"},
                 "spec":{"type":"NodePort","clusterIP":"10.96.12.7","ports":[
                   {"name":"http","protocol":"TCP","port":80,"targetPort":8080,"nodePort":31080},
                   {"protocol":"TCP","port":443,"targetPort":8443,"nodePort":31443}]}}
                """;
        assertThat(NodePorts.parse(json, "default/web")).containsExactly(
                new NodePorts.Port("http", 80, 31080), new NodePorts.Port("", 443, 31443));
    }

    @Test
    void clusterIpServiceHasNoNodePort() {
        String json = """
                {"spec":{"type":"ClusterIP","clusterIP":"10.96.0.10","ports":[{"name":"dns","port":53,"targetPort":53}]}}
                """;
        assertThatThrownBy(() -> NodePorts.parse(json, "kube-system/kube-dns"))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SERVICE_NOT_NODEPORT))
                .hasMessage("service kube-system/kube-dns is of type ClusterIP and has no NodePort");
    }

    @Test
    void serviceWithoutTypeIsTakenForClusterIp() {
        assertThatThrownBy(() -> NodePorts.parse("{\"spec\":{\"ports\":[]}}", "default/x"))
                .hasMessageContaining("of type ClusterIP");
    }
}
