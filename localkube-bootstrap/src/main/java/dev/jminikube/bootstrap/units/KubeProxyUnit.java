package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.Component;

/** kube-proxy: everything is in {@link KubeProxyConfigFile}; extra options become flags. */
public final class KubeProxyUnit {
    private KubeProxyUnit() {
    }

    public static FlagSet flags(ClusterConfig config) {
        return new FlagSet()
                .set("config", KubeProxyConfigFile.PATH)
                .apply(config.extraOptionsFor(Component.PROXY));
    }

    public static GuestFile file(ClusterConfig config) {
        SystemdUnit unit = SystemdUnit.describedAs("jminikube kube-proxy " + config.version())
                .documentation(ComponentUnits.documentation("kube-proxy"))
                .after(ComponentUnits.unitFile(Component.APISERVER))
                .exec(ComponentUnits.kubernetesBinary(config, "kube-proxy"), flags(config).arguments());
        return ComponentUnits.file(Component.PROXY, ComponentUnits.withExtras(unit, config, Component.PROXY));
    }
}
