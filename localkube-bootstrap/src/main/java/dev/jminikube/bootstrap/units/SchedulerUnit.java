package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.Component;

/** kube-scheduler. */
public final class SchedulerUnit {
    private SchedulerUnit() {
    }

    public static FlagSet flags(ClusterConfig config) {
        FlagSet flags = new FlagSet()
                .set("kubeconfig", KubeconfigPaths.SCHEDULER)
                .set("authentication-kubeconfig", KubeconfigPaths.SCHEDULER)
                .set("authorization-kubeconfig", KubeconfigPaths.SCHEDULER)
                .set("bind-address", "127.0.0.1")
                .set("leader-elect", false);
        if (!config.version().atLeastMinor(22)) {
            // Up to 1.21 the scheduler also serves plain HTTP on :10251 unless --port=0.
            flags.set("port", 0);
        }
        return flags.apply(config.extraOptionsFor(Component.SCHEDULER));
    }

    public static GuestFile file(ClusterConfig config) {
        SystemdUnit unit = SystemdUnit.describedAs("jminikube kube-scheduler " + config.version())
                .documentation(ComponentUnits.documentation("kube-scheduler"))
                .requires(ComponentUnits.unitFile(Component.APISERVER))
                .exec(ComponentUnits.kubernetesBinary(config, "kube-scheduler"), flags(config).arguments());
        return ComponentUnits.file(Component.SCHEDULER, ComponentUnits.withExtras(unit, config, Component.SCHEDULER));
    }
}
