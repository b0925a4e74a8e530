package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.GuestPaths;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.bootstrap.config.ExtraConfigParser;
import java.util.List;

/** Cluster configs and file lookups for the tests. */
final class Clusters {
    private Clusters() {
    }

    static ClusterConfig config(String version, ContainerRuntime runtime, NetworkPlugin plugin, String... extras) {
        return ClusterConfig.of("minikube", KubernetesVersion.parse(version), runtime, plugin,
                ExtraConfigParser.parse(List.of(extras)), 50123);
    }

    static ClusterConfig containerd(String version, String... extras) {
        return config(version, ContainerRuntime.CONTAINERD, NetworkPlugin.CNI, extras);
    }

    static GuestFile file(List<GuestFile> files, String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + path + " in " + files.stream().map(GuestFile::path).toList()));
    }

    static String unit(List<GuestFile> files, String unitName) {
        return file(files, GuestPaths.SYSTEMD_DIR + "/" + unitName + ".service").content();
    }

    /** The ExecStart arguments of a unit (after the binary), as written. */
    static List<String> execArguments(String unit) {
        String exec = unit.substring(unit.indexOf("ExecStart="), unit.indexOf("\nRestart="));
        List<String> parts = List.of(exec.split(" \\\\\n  "));
        return parts.subList(1, parts.size());
    }
}
