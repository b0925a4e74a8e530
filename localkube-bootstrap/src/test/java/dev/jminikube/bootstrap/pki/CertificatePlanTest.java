package dev.jminikube.bootstrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificatePlanTest {
    @Test
    void onlyADockerNodeGetsDockerdsServingCertificateNamingEveryWayToIt() {
        ClusterConfig docker = ClusterConfig.of("dev", KubernetesVersion.of(1, 20, 2), ContainerRuntime.DOCKER,
                NetworkPlugin.CNI, List.of(), 40123);
        CertificateSpec server = CertificatePlan.forCluster(docker).stream()
                .filter(s -> s.fileStem().equals("docker-server")).findFirst().orElseThrow();
        assertThat(server.signer()).as("dockerd's own CA").isEqualTo(Authority.DOCKER);
        assertThat(CertificatePlan.forCluster(docker)).filteredOn(s -> s.signer() == Authority.DOCKER)
                .extracting(CertificateSpec::fileStem).containsExactly("docker-server", CertificatePlan.DOCKER_CLIENT);
        assertThat(server.usage()).isEqualTo(Usage.SERVER);
        // docker-env's client dials 127.0.0.1 (the forward), a bridged driver's the node's own address.
        assertThat(server.ipAddresses()).containsExactly("127.0.0.1", "10.0.2.15");
        assertThat(server.dnsNames()).containsExactly("dev", "localhost");

        assertThat(CertificatePlan.forCluster(SharedTestPki.CONFIG)).noneMatch(s -> s.fileStem().startsWith("docker"));
    }
}
