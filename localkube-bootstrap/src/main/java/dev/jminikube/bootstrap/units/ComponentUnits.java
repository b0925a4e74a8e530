package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.bootstrap.GuestPaths;
import java.util.List;

/** What every component unit shares: where it goes, which binary it runs, how extras show. */
final class ComponentUnits {
    private ComponentUnits() {
    }

    /**
     * etcd's and the API server's CPU weight (systemd's default is 100). On an emulated node the CPU is saturated
     * while images are imported and pods start, and a starved API server answers its clients late enough that
     * kube-controller-manager exits on start-up timeouts (seen on TCG: discovery and service-account token
     * requests over 32 s) and begins again; every other component waits on these two.
     */
    static final int CONTROL_PLANE_CPU_WEIGHT = 1000;

    static String path(Component component) {
        return GuestPaths.SYSTEMD_DIR + "/" + component.unitName() + ".service";
    }

    static String unitFile(Component component) {
        return component.unitName() + ".service";
    }

    /** A Kubernetes binary of the cluster's version, e.g. {@code /var/lib/jminikube-node/bin/v1.20.2/kubelet}. */
    static String kubernetesBinary(ClusterConfig config, String name) {
        return GuestPaths.binaries(config.version()) + "/" + name;
    }

    static String documentation(String tool) {
        return "https://kubernetes.io/docs/reference/command-line-tools-reference/" + tool + "/";
    }

    /** Names the user's options in the unit, so a reviewer sees which flags came from --extra-config. */
    static SystemdUnit withExtras(SystemdUnit unit, ClusterConfig config, Component component) {
        List<ExtraOption> extras = config.extraOptionsFor(component);
        extras.forEach(o -> unit.comment("--extra-config=" + o));
        return unit;
    }

    static GuestFile file(Component component, SystemdUnit unit) {
        return GuestFile.readable(path(component), unit.render());
    }
}
