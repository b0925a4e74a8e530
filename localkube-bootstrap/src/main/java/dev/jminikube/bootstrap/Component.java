package dev.jminikube.bootstrap;

import java.util.Arrays;
import java.util.Optional;

/** The localkube components, by the name {@code --extra-config} uses and the systemd unit that runs each. */
public enum Component {
    ETCD("etcd", "jmk-etcd"),
    APISERVER("apiserver", "jmk-kube-apiserver"),
    CONTROLLER_MANAGER("controller-manager", "jmk-kube-controller-manager"),
    SCHEDULER("scheduler", "jmk-kube-scheduler"),
    KUBELET("kubelet", "jmk-kubelet"),
    PROXY("proxy", "jmk-kube-proxy");

    private final String configName;
    private final String unitName;

    Component(String configName, String unitName) {
        this.configName = configName;
        this.unitName = unitName;
    }

    /** The name in {@code --extra-config}, e.g. {@code controller-manager}. */
    public String configName() {
        return configName;
    }

    /** The systemd unit name without {@code .service}. */
    public String unitName() {
        return unitName;
    }

    public static Optional<Component> byConfigName(String name) {
        return Arrays.stream(values()).filter(c -> c.configName.equals(name)).findFirst();
    }
}
