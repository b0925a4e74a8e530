package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ExtraOption;
import java.util.List;

/** kube-apiserver, with kubeadm's certificate layout. */
public final class ApiServerUnit {
    /** minikube's list; all exist from 1.20 to 1.37 (NodeRestriction is the one not on by default). */
    static final String ADMISSION_PLUGINS = "NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,"
            + "DefaultTolerationSeconds,NodeRestriction,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota";

    private ApiServerUnit() {
    }

    /** Whether the generated flags point at {@link AuthenticationConfigFile}. */
    public static boolean usesAuthenticationConfig(ClusterConfig config) {
        // The API server refuses --anonymous-auth together with an anonymous section in the file,
        // so a user who sets either flag takes anonymous auth over entirely.
        List<ExtraOption> extras = config.extraOptionsFor(Component.APISERVER);
        boolean userDecides = extras.stream()
                .anyMatch(o -> o.key().equals("anonymous-auth") || o.key().equals("authentication-config"));
        return AuthenticationConfigFile.supportedIn(config.version()) && !userDecides;
    }

    public static FlagSet flags(ClusterConfig config) {
        FlagSet flags = new FlagSet()
                .set("advertise-address", config.nodeIp())
                .set("secure-port", config.apiServerPort())
                .set("allow-privileged", true)
                .set("authorization-mode", "Node,RBAC")
                .set("enable-admission-plugins", ADMISSION_PLUGINS)
                .set("enable-bootstrap-token-auth", true)
                .set("client-ca-file", PkiPaths.CA_CERT)
                .set("tls-cert-file", PkiPaths.APISERVER_CERT)
                .set("tls-private-key-file", PkiPaths.APISERVER_KEY)
                .set("etcd-servers", EtcdUnit.LOCAL_CLIENT_URL)
                .set("etcd-cafile", PkiPaths.ETCD_CA_CERT)
                .set("etcd-certfile", PkiPaths.APISERVER_ETCD_CLIENT_CERT)
                .set("etcd-keyfile", PkiPaths.APISERVER_ETCD_CLIENT_KEY)
                .set("kubelet-client-certificate", PkiPaths.APISERVER_KUBELET_CLIENT_CERT)
                .set("kubelet-client-key", PkiPaths.APISERVER_KUBELET_CLIENT_KEY)
                // The node's name does not resolve in the guest; its InternalIP always works.
                .set("kubelet-preferred-address-types", "InternalIP,Hostname")
                .set("proxy-client-cert-file", PkiPaths.FRONT_PROXY_CLIENT_CERT)
                .set("proxy-client-key-file", PkiPaths.FRONT_PROXY_CLIENT_KEY)
                .set("requestheader-client-ca-file", PkiPaths.FRONT_PROXY_CA_CERT)
                .set("requestheader-allowed-names", PkiPaths.FRONT_PROXY_CLIENT_NAME)
                .set("requestheader-username-headers", "X-Remote-User")
                .set("requestheader-group-headers", "X-Remote-Group")
                .set("requestheader-extra-headers-prefix", "X-Remote-Extra-")
                .set("service-cluster-ip-range", config.serviceCidr())
                .set("service-account-key-file", PkiPaths.SERVICE_ACCOUNT_PUB)
                // Both required since 1.20 (bound service account tokens).
                .set("service-account-signing-key-file", PkiPaths.SERVICE_ACCOUNT_KEY)
                .set("service-account-issuer", "https://kubernetes.default.svc." + config.dnsDomain());
        if (usesAuthenticationConfig(config)) {
            flags.set("authentication-config", AuthenticationConfigFile.PATH);
        } else {
            flags.set("anonymous-auth", true);
        }
        if (!config.version().atLeastMinor(24)) {
            // No effect since 1.20 (only 0 is accepted) and removed in 1.24; stated where it exists.
            flags.set("insecure-port", 0);
        }
        return flags.apply(config.extraOptionsFor(Component.APISERVER));
    }

    public static GuestFile file(ClusterConfig config) {
        SystemdUnit unit = SystemdUnit.describedAs("jminikube kube-apiserver " + config.version())
                .documentation(ComponentUnits.documentation("kube-apiserver"))
                .requires(ComponentUnits.unitFile(Component.ETCD))
                .cpuWeight(ComponentUnits.CONTROL_PLANE_CPU_WEIGHT)
                .exec(ComponentUnits.kubernetesBinary(config, "kube-apiserver"), flags(config).arguments());
        return ComponentUnits.file(Component.APISERVER, ComponentUnits.withExtras(unit, config, Component.APISERVER));
    }
}
