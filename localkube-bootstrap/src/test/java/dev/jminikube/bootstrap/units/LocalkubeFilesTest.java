package dev.jminikube.bootstrap.units;

import static dev.jminikube.bootstrap.units.Clusters.config;
import static dev.jminikube.bootstrap.units.Clusters.containerd;
import static dev.jminikube.bootstrap.units.Clusters.execArguments;
import static dev.jminikube.bootstrap.units.Clusters.file;
import static dev.jminikube.bootstrap.units.Clusters.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.GuestPaths;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.core.JmkException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalkubeFilesTest {
    private static final List<GuestFile> V1_20 = LocalkubeFiles.forCluster(containerd("v1.20.2"));
    private static final List<GuestFile> V1_20_DOCKER = LocalkubeFiles.forCluster(
            config("v1.20.2", ContainerRuntime.DOCKER, NetworkPlugin.CNI));
    private static final List<GuestFile> V1_24 = LocalkubeFiles.forCluster(containerd("v1.24.17"));
    private static final List<GuestFile> V1_28 = LocalkubeFiles.forCluster(containerd("v1.28.15"));
    private static final List<GuestFile> V1_37 = LocalkubeFiles.forCluster(containerd("v1.37.2"));

    @Test
    void goldenFilesPerPinnedVersion() {
        Golden.assertMatches("v1.20.2-containerd.txt", Golden.render(V1_20));
        Golden.assertMatches("v1.20.2-docker.txt", Golden.render(V1_20_DOCKER));
        Golden.assertMatches("v1.24.17-containerd.txt", Golden.render(V1_24));
        Golden.assertMatches("v1.28.15-containerd.txt", Golden.render(V1_28));
        Golden.assertMatches("v1.37.2-containerd.txt", Golden.render(V1_37));
    }

    @Test
    void everyComponentHasAUnitRunningItsVersionsBinary() {
        for (List<GuestFile> files : List.of(V1_20, V1_24, V1_28, V1_37)) {
            for (String unitName : List.of("jmk-kube-apiserver", "jmk-kube-controller-manager", "jmk-kube-scheduler",
                    "jmk-kubelet", "jmk-kube-proxy")) {
                assertThat(unit(files, unitName)).contains("ExecStart=" + GuestPaths.BINARIES_ROOT + "/v1.")
                        .contains("Restart=always\n", "RestartSec=2s\n", "LimitNOFILE=1048576\n", "StartLimitIntervalSec=0\n");
            }
            assertThat(unit(files, "jmk-etcd")).contains("ExecStart=/usr/bin/etcd \\\n", "Type=notify\n",
                    "Conflicts=etcd.service\n");
        }
        assertThat(unit(V1_28, "jmk-kubelet")).contains("ExecStart=/var/lib/jminikube-node/bin/v1.28.15/kubelet \\\n");
    }

    @Test
    void onlyEtcdAndTheApiServerOutweighTheRestForCpu() {
        for (List<GuestFile> files : List.of(V1_20, V1_37)) {
            assertThat(unit(files, "jmk-etcd")).contains("CPUWeight=1000\n");
            assertThat(unit(files, "jmk-kube-apiserver")).contains("CPUWeight=1000\n");
            for (String unitName : List.of("jmk-kube-controller-manager", "jmk-kube-scheduler", "jmk-kubelet", "jmk-kube-proxy")) {
                assertThat(unit(files, unitName)).doesNotContain("CPUWeight");
            }
        }
    }

    @Test
    void unitsAreOrdered() {
        assertThat(unit(V1_28, "jmk-kube-apiserver")).contains("After=network-online.target jmk-etcd.service\n",
                "Wants=network-online.target jmk-etcd.service\n");
        assertThat(unit(V1_28, "jmk-kubelet")).contains("After=network-online.target containerd.service jmk-kube-apiserver.service\n",
                "Wants=network-online.target containerd.service\n");
        assertThat(unit(V1_20_DOCKER, "jmk-kubelet")).contains("Wants=network-online.target docker.service\n");
    }

    @Test
    void flagsAreOnePerLineSortedAndUnique() {
        for (List<GuestFile> files : List.of(V1_20, V1_37)) {
            List<String> args = execArguments(unit(files, "jmk-kube-apiserver"));
            assertThat(args).isSorted().doesNotHaveDuplicates().allSatisfy(a -> assertThat(a).startsWith("--"));
        }
    }

    @Test
    void kubeletRuntimeFlagsFollowTheVersion() {
        assertThat(execArguments(unit(V1_20, "jmk-kubelet")))
                .contains("--container-runtime=remote", "--container-runtime-endpoint=unix:///run/containerd/containerd.sock");
        assertThat(execArguments(unit(V1_24, "jmk-kubelet")))
                .contains("--container-runtime-endpoint=unix:///run/containerd/containerd.sock")
                .noneMatch(a -> a.startsWith("--container-runtime="));
        for (List<GuestFile> files : List.of(V1_28, V1_37)) {
            assertThat(execArguments(unit(files, "jmk-kubelet"))).noneMatch(a -> a.startsWith("--container-runtime"));
            assertThat(file(files, KubeletConfigFile.PATH).content())
                    .contains("containerRuntimeEndpoint: unix:///run/containerd/containerd.sock\n");
        }
        for (List<GuestFile> files : List.of(V1_20, V1_24)) {
            assertThat(file(files, KubeletConfigFile.PATH).content()).doesNotContain("containerRuntimeEndpoint");
        }
    }

    @Test
    void dockershimFlagsOnlyWithDocker() {
        assertThat(execArguments(unit(V1_20_DOCKER, "jmk-kubelet"))).contains("--container-runtime=docker",
                "--network-plugin=cni", "--cni-bin-dir=/usr/lib/cni", "--cni-conf-dir=/etc/cni/net.d",
                "--pod-infra-container-image=" + PauseImage.REFERENCE)
                .noneMatch(a -> a.startsWith("--container-runtime-endpoint"));
        for (List<GuestFile> files : List.of(V1_20, V1_24, V1_28, V1_37)) {
            assertThat(execArguments(unit(files, "jmk-kubelet")))
                    .noneMatch(a -> a.startsWith("--network-plugin") || a.startsWith("--cni-")
                            || a.startsWith("--pod-infra-container-image"));
        }
        assertThat(V1_20_DOCKER).extracting(GuestFile::path).contains(DockerDaemonFile.PATH);
        assertThat(V1_20).extracting(GuestFile::path).doesNotContain(DockerDaemonFile.PATH);
    }

    @Test
    void kubenetHasNoConflist() {
        List<GuestFile> files = LocalkubeFiles.forCluster(config("v1.20.2", ContainerRuntime.DOCKER, NetworkPlugin.KUBENET));
        assertThat(execArguments(unit(files, "jmk-kubelet"))).contains("--network-plugin=kubenet", "--cni-bin-dir=/usr/lib/cni")
                .noneMatch(a -> a.startsWith("--cni-conf-dir"));
        assertThat(files).extracting(GuestFile::path).doesNotContain(BridgeCniFile.PATH);
    }

    @Test
    void kubenetWithContainerdFailsBeforeAnyFile() {
        assertThatThrownBy(() -> LocalkubeFiles.forCluster(config("v1.20.2", ContainerRuntime.CONTAINERD, NetworkPlugin.KUBENET)))
                .isInstanceOf(JmkException.class).hasMessageContaining("kubenet");
    }

    @Test
    void insecurePortOnlyWhereTheFlagExists() {
        assertThat(execArguments(unit(V1_20, "jmk-kube-apiserver"))).contains("--insecure-port=0");
        for (List<GuestFile> files : List.of(V1_24, V1_28, V1_37)) {
            assertThat(execArguments(unit(files, "jmk-kube-apiserver"))).noneMatch(a -> a.startsWith("--insecure-port"));
        }
        assertThat(execArguments(unit(V1_20, "jmk-kube-scheduler"))).contains("--port=0");
        assertThat(execArguments(unit(V1_24, "jmk-kube-controller-manager"))).noneMatch(a -> a.startsWith("--port"));
    }

    @Test
    void anonymousAuthIsLimitedToHealthEndpointsFrom132() {
        for (List<GuestFile> files : List.of(V1_20, V1_28)) {
            assertThat(execArguments(unit(files, "jmk-kube-apiserver"))).contains("--anonymous-auth=true")
                    .noneMatch(a -> a.startsWith("--authentication-config"));
            assertThat(files).extracting(GuestFile::path).doesNotContain(AuthenticationConfigFile.PATH);
        }
        assertThat(execArguments(unit(V1_37, "jmk-kube-apiserver")))
                .contains("--authentication-config=" + AuthenticationConfigFile.PATH)
                .noneMatch(a -> a.startsWith("--anonymous-auth"));
        assertThat(file(V1_37, AuthenticationConfigFile.PATH).content()).isEqualTo("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: AuthenticationConfiguration
                anonymous:
                  enabled: true
                  conditions:
                  - path: /livez
                  - path: /readyz
                  - path: /healthz
                """);
        assertThat(file(LocalkubeFiles.forCluster(containerd("v1.32.0")), AuthenticationConfigFile.PATH).content())
                .startsWith("apiVersion: apiserver.config.k8s.io/v1beta1\n");
    }

    @Test
    void userAnonymousAuthReplacesTheAuthenticationConfig() {
        List<GuestFile> files = LocalkubeFiles.forCluster(containerd("v1.37.2", "apiserver.anonymous-auth=false"));
        assertThat(execArguments(unit(files, "jmk-kube-apiserver"))).contains("--anonymous-auth=false")
                .noneMatch(a -> a.startsWith("--authentication-config"));
        assertThat(files).extracting(GuestFile::path).doesNotContain(AuthenticationConfigFile.PATH);
    }

    @Test
    void extraConfigOverridesOnceAndWins() {
        List<GuestFile> files = LocalkubeFiles.forCluster(containerd("v1.28.15", "kubelet.max-pods=20",
                "kubelet.max-pods=50", "apiserver.authorization-mode=AlwaysAllow", "etcd.quota-backend-bytes=8589934592"));
        List<String> kubelet = execArguments(unit(files, "jmk-kubelet"));
        assertThat(kubelet.stream().filter(a -> a.startsWith("--max-pods"))).containsExactly("--max-pods=50");
        assertThat(unit(files, "jmk-kubelet")).contains("# --extra-config=kubelet.max-pods=50\n");
        assertThat(execArguments(unit(files, "jmk-kube-apiserver")).stream().filter(a -> a.startsWith("--authorization-mode")))
                .containsExactly("--authorization-mode=AlwaysAllow");
        assertThat(execArguments(unit(files, "jmk-etcd"))).contains("--quota-backend-bytes=8589934592");
        assertThat(execArguments(unit(files, "jmk-kube-scheduler"))).noneMatch(a -> a.contains("max-pods"));
    }

    @Test
    void extraValuesAreEscapedForSystemd() {
        List<GuestFile> files = LocalkubeFiles.forCluster(containerd("v1.28.15", "kubelet.eviction-hard=nodefs.available<5%"));
        assertThat(execArguments(unit(files, "jmk-kubelet"))).contains("--eviction-hard=nodefs.available<5%%");
    }

    @Test
    void etcdServesTlsOnLoopbackAndNodeIp() {
        assertThat(execArguments(unit(V1_28, "jmk-etcd"))).contains(
                "--data-dir=/var/lib/etcd",
                "--listen-client-urls=https://127.0.0.1:2379,https://10.0.2.15:2379",
                "--client-cert-auth=true", "--peer-client-cert-auth=true",
                "--initial-cluster=minikube=https://10.0.2.15:2380");
        assertThat(unit(LocalkubeFiles.forCluster(containerd("v1.28.15"), "/var/lib/jminikube-node/bin/etcd-3.5/etcd"), "jmk-etcd"))
                .contains("ExecStart=/var/lib/jminikube-node/bin/etcd-3.5/etcd \\\n");
    }

    @Test
    void controlPlaneFlagsThatEveryVersionNeeds() {
        assertThat(execArguments(unit(V1_37, "jmk-kube-apiserver"))).contains(
                "--advertise-address=10.0.2.15", "--secure-port=8443", "--etcd-servers=https://127.0.0.1:2379",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
                "--kubelet-preferred-address-types=InternalIP,Hostname", "--authorization-mode=Node,RBAC");
        assertThat(execArguments(unit(V1_37, "jmk-kube-controller-manager"))).contains(
                "--allocate-node-cidrs=true", "--cluster-cidr=10.244.0.0/16", "--controllers=*,bootstrapsigner,tokencleaner",
                "--leader-elect=false", "--bind-address=127.0.0.1", "--kubeconfig=/etc/kubernetes/controller-manager.conf");
        assertThat(execArguments(unit(V1_37, "jmk-kube-scheduler"))).contains("--leader-elect=false",
                "--kubeconfig=/etc/kubernetes/scheduler.conf");
        assertThat(execArguments(unit(V1_37, "jmk-kube-proxy"))).containsExactly("--config=" + KubeProxyConfigFile.PATH);
    }

    @Test
    void everyFileIsReadableAndUnderItsDirectory() {
        assertThat(V1_37).allSatisfy(f -> assertThat(f.octalMode()).isEqualTo("0644"));
        assertThat(V1_37).extracting(GuestFile::path).doesNotHaveDuplicates().containsExactly(
                "/etc/systemd/system/jmk-etcd.service", "/etc/systemd/system/jmk-kube-apiserver.service",
                AuthenticationConfigFile.PATH, "/etc/systemd/system/jmk-kube-controller-manager.service",
                "/etc/systemd/system/jmk-kube-scheduler.service", "/etc/systemd/system/jmk-kubelet.service",
                KubeletConfigFile.PATH, "/etc/systemd/system/jmk-kube-proxy.service", KubeProxyConfigFile.PATH,
                "/etc/containerd/config.toml", "/etc/cni/net.d/10-jminikube-bridge.conflist");
    }
}
