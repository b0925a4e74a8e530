package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.GuestPaths;

/**
 * containerd's config.toml (format version 2, which containerd 1.6 reads). Written for both
 * runtimes: Debian's docker.io runs on this containerd too, and the CRI settings do not touch it.
 */
public final class ContainerdConfigFile {
    public static final String PATH = GuestPaths.CONTAINERD_CONFIG;

    private ContainerdConfigFile() {
    }

    public static GuestFile file() {
        String cri = "plugins.\"io.containerd.grpc.v1.cri\"";
        String content = """
                # Written by jminikube; rewritten on every start.
                version = 2

                [%1$s]
                  # The CRI plugin creates pod sandboxes from its own setting, not from kubelet's flag;
                  # its default (registry.k8s.io/pause:3.6) is not in the node image, and pods would
                  # hang in ContainerCreating trying to pull it.
                  sandbox_image = "%2$s"

                  [%1$s.containerd]
                    default_runtime_name = "runc"

                    [%1$s.containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"

                      [%1$s.containerd.runtimes.runc.options]
                        # kubelet uses the systemd cgroup driver; both must agree on cgroup v2.
                        SystemdCgroup = true

                  [%1$s.cni]
                    # Debian's containernetworking-plugins, not /opt/cni/bin.
                    bin_dir = "%3$s"
                    conf_dir = "%4$s"
                """.formatted(cri, PauseImage.REFERENCE, GuestPaths.CNI_BIN_DIR, GuestPaths.CNI_CONF_DIR);
        return GuestFile.readable(PATH, content);
    }
}
