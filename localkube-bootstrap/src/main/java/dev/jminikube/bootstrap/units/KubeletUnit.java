package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.GuestPaths;
import dev.jminikube.bootstrap.NetworkPlugin;

/**
 * kubelet: settings in {@link KubeletConfigFile}, and as flags only what has no config field in
 * some supported version. An {@code --extra-config=kubelet.max-pods=50} becomes the flag
 * {@code --max-pods=50}: kubelet documents that flags override the config file, and that works for
 * every flag without a table of field names and types. The cost is a "deprecated flag" warning in
 * kubelet's log for such flags.
 */
public final class KubeletUnit {
    private KubeletUnit() {
    }

    public static FlagSet flags(ClusterConfig config) {
        FlagSet flags = new FlagSet()
                .set("config", KubeletConfigFile.PATH)
                .set("kubeconfig", KubeconfigPaths.KUBELET)
                // QEMU user networking gives the guest one address; without it kubelet may pick another interface.
                .set("node-ip", config.nodeIp())
                .set("hostname-override", config.nodeName());
        if (config.runtime() == ContainerRuntime.DOCKER) {
            dockershim(flags, config);
        } else if (!KubeletConfigFile.hasRuntimeEndpointField(config.version())) {
            if (!config.version().atLeastMinor(24)) {
                // Before 1.24 the default runtime is the built-in dockershim; 1.24 made remote the
                // default and 1.27 removed the flag.
                flags.set("container-runtime", "remote");
            }
            flags.set("container-runtime-endpoint", config.runtime().criEndpoint());
        }
        return flags.apply(config.extraOptionsFor(Component.KUBELET));
    }

    /** dockershim (kubelet up to 1.23): kubelet itself sets up pod networking and the sandbox. */
    private static void dockershim(FlagSet flags, ClusterConfig config) {
        flags.set("container-runtime", ContainerRuntime.DOCKER.flagValue());
        flags.set("pod-infra-container-image", PauseImage.REFERENCE);
        if (config.networkPlugin() == NetworkPlugin.KUBENET) {
            flags.set("network-plugin", "kubenet");
            // kubenet runs the bridge, host-local and loopback plugins from here.
            flags.set("cni-bin-dir", GuestPaths.CNI_BIN_DIR);
        } else {
            flags.set("network-plugin", "cni");
            flags.set("cni-bin-dir", GuestPaths.CNI_BIN_DIR);
            flags.set("cni-conf-dir", GuestPaths.CNI_CONF_DIR);
        }
    }

    /** The systemd unit kubelet's runtime runs as (Debian's names). */
    static String runtimeUnit(ContainerRuntime runtime) {
        return runtime == ContainerRuntime.DOCKER ? "docker.service" : "containerd.service";
    }

    public static GuestFile file(ClusterConfig config) {
        SystemdUnit unit = SystemdUnit.describedAs("jminikube kubelet " + config.version())
                .documentation(ComponentUnits.documentation("kubelet"))
                .requires(runtimeUnit(config.runtime()))
                // Not required: kubelet retries, but starting after the API server saves a burst of errors.
                .after(ComponentUnits.unitFile(Component.APISERVER))
                .exec(ComponentUnits.kubernetesBinary(config, "kubelet"), flags(config).arguments());
        return ComponentUnits.file(Component.KUBELET, ComponentUnits.withExtras(unit, config, Component.KUBELET));
    }
}
