package dev.jminikube.drivers;

/**
 * What {@code status} shows for one profile. The machine layer fills the host state; the Kubernetes
 * fields stay null ("unknown") until the bootstrapper fills them with {@link #withComponents}.
 *
 * @param driver null when the machine does not exist
 */
public record MachineStatus(String profile, String driver, DriverState host, String kubelet, String apiServer,
                            String kubeconfig) {

    public static MachineStatus ofHost(String profile, String driver, DriverState host) {
        return new MachineStatus(profile, driver, host, null, null, null);
    }

    public MachineStatus withComponents(String newKubelet, String newApiServer, String newKubeconfig) {
        return new MachineStatus(profile, driver, host, newKubelet, newApiServer, newKubeconfig);
    }
}
