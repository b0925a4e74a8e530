package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.GuestPaths;

/** etcd: one member, TLS on client and peer ports, client certificates required. */
public final class EtcdUnit {
    /** Debian bookworm's etcd-server (3.4.23); a newer binary may be supplied instead. */
    public static final String DEBIAN_BINARY = "/usr/bin/etcd";
    public static final int CLIENT_PORT = 2379;
    public static final int PEER_PORT = 2380;
    /** Plain-HTTP /health and /metrics on loopback only, for readiness checks without certificates. */
    public static final String METRICS_URL = "http://127.0.0.1:2381";
    public static final String LOCAL_CLIENT_URL = "https://127.0.0.1:" + CLIENT_PORT;

    private EtcdUnit() {
    }

    public static FlagSet flags(ClusterConfig config) {
        String clientUrl = "https://" + config.nodeIp() + ":" + CLIENT_PORT;
        String peerUrl = "https://" + config.nodeIp() + ":" + PEER_PORT;
        return new FlagSet()
                .set("name", config.nodeName())
                .set("data-dir", GuestPaths.ETCD_DATA_DIR)
                .set("listen-client-urls", LOCAL_CLIENT_URL + "," + clientUrl)
                .set("advertise-client-urls", clientUrl)
                .set("listen-peer-urls", peerUrl)
                .set("initial-advertise-peer-urls", peerUrl)
                // Read only when the data dir is empty; a restarted member keeps its membership.
                .set("initial-cluster", config.nodeName() + "=" + peerUrl)
                .set("listen-metrics-urls", METRICS_URL)
                .set("cert-file", PkiPaths.ETCD_SERVER_CERT)
                .set("key-file", PkiPaths.ETCD_SERVER_KEY)
                .set("trusted-ca-file", PkiPaths.ETCD_CA_CERT)
                .set("client-cert-auth", true)
                .set("peer-cert-file", PkiPaths.ETCD_PEER_CERT)
                .set("peer-key-file", PkiPaths.ETCD_PEER_KEY)
                .set("peer-trusted-ca-file", PkiPaths.ETCD_CA_CERT)
                .set("peer-client-cert-auth", true)
                // kubeadm's value: snapshots every 10k writes instead of 100k keep memory low.
                .set("snapshot-count", 10000)
                .apply(config.extraOptionsFor(Component.ETCD));
    }

    public static GuestFile file(ClusterConfig config, String etcdBinary) {
        SystemdUnit unit = SystemdUnit.describedAs("jminikube etcd (for Kubernetes " + config.version() + ")")
                .documentation("https://etcd.io/docs/")
                // Debian's etcd-server starts its own etcd.service on 127.0.0.1:2379; starting ours stops it.
                .conflicts("etcd.service")
                // etcd tells systemd when it serves, so units ordered after it start against a ready etcd.
                .type("notify")
                .cpuWeight(ComponentUnits.CONTROL_PLANE_CPU_WEIGHT)
                .exec(etcdBinary, flags(config).arguments());
        return ComponentUnits.file(Component.ETCD, ComponentUnits.withExtras(unit, config, Component.ETCD));
    }
}
