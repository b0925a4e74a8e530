package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.Component;

/** kube-controller-manager: signs certificates with the cluster CA and hands out the node's pod range. */
public final class ControllerManagerUnit {
    private ControllerManagerUnit() {
    }

    public static FlagSet flags(ClusterConfig config) {
        FlagSet flags = new FlagSet()
                .set("kubeconfig", KubeconfigPaths.CONTROLLER_MANAGER)
                .set("authentication-kubeconfig", KubeconfigPaths.CONTROLLER_MANAGER)
                .set("authorization-kubeconfig", KubeconfigPaths.CONTROLLER_MANAGER)
                .set("bind-address", "127.0.0.1")
                .set("client-ca-file", PkiPaths.CA_CERT)
                .set("requestheader-client-ca-file", PkiPaths.FRONT_PROXY_CA_CERT)
                .set("cluster-signing-cert-file", PkiPaths.CA_CERT)
                .set("cluster-signing-key-file", PkiPaths.CA_KEY)
                .set("root-ca-file", PkiPaths.CA_CERT)
                .set("service-account-private-key-file", PkiPaths.SERVICE_ACCOUNT_KEY)
                .set("use-service-account-credentials", true)
                .set("controllers", "*,bootstrapsigner,tokencleaner")
                // node.spec.podCIDR: kubenet needs it, and kube-proxy's local-traffic detection uses the range.
                .set("allocate-node-cidrs", true)
                .set("cluster-cidr", config.podCidr())
                .set("service-cluster-ip-range", config.serviceCidr())
                // One instance only: leader election would just add a lease renewal every 2 s.
                .set("leader-elect", false);
        if (!config.version().atLeastMinor(22)) {
            // Up to 1.21 the component also serves plain HTTP on :10252 unless --port=0 (kubeadm does
            // the same); 1.22 dropped insecure serving and later the flag.
            flags.set("port", 0);
        }
        return flags.apply(config.extraOptionsFor(Component.CONTROLLER_MANAGER));
    }

    public static GuestFile file(ClusterConfig config) {
        SystemdUnit unit = SystemdUnit.describedAs("jminikube kube-controller-manager " + config.version())
                .documentation(ComponentUnits.documentation("kube-controller-manager"))
                .requires(ComponentUnits.unitFile(Component.APISERVER))
                .exec(ComponentUnits.kubernetesBinary(config, "kube-controller-manager"), flags(config).arguments());
        return ComponentUnits.file(Component.CONTROLLER_MANAGER,
                ComponentUnits.withExtras(unit, config, Component.CONTROLLER_MANAGER));
    }
}
