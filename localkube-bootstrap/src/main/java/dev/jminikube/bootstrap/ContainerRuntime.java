package dev.jminikube.bootstrap;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import java.util.Locale;

/** The container runtimes the node image carries (--container-runtime). */
public enum ContainerRuntime {
    CONTAINERD("containerd", "unix:///run/containerd/containerd.sock"),
    /** Through kubelet's built-in dockershim, which exists up to Kubernetes 1.23. */
    DOCKER("docker", "unix:///var/run/dockershim.sock");

    private final String flagValue;
    private final String criEndpoint;

    ContainerRuntime(String flagValue, String criEndpoint) {
        this.flagValue = flagValue;
        this.criEndpoint = criEndpoint;
    }

    public String flagValue() {
        return flagValue;
    }

    /** The CRI socket kubelet talks to. */
    public String criEndpoint() {
        return criEndpoint;
    }

    public static ContainerRuntime parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "containerd", "" -> CONTAINERD;
            case "docker" -> DOCKER;
            case "rkt" -> throw new JmkException(Reason.RUNTIME_UNSUPPORTED,
                    "the rkt runtime was retired upstream in 2020 and is not supported; use --container-runtime=containerd");
            case "cri-o", "crio" -> throw new JmkException(Reason.RUNTIME_UNSUPPORTED,
                    "cri-o is not in the jminikube node image; use --container-runtime=containerd (also a CRI runtime)");
            default -> throw new JmkException(Reason.RUNTIME_UNSUPPORTED,
                    "unknown container runtime '" + ControlCharacters.escape(String.valueOf(text)) + "'; choose containerd or docker");
        };
    }

    /** Checks that this runtime can serve {@code version}: kubelet lost dockershim in 1.24. */
    public void checkSupports(KubernetesVersion version) {
        if (this == DOCKER && version.atLeastMinor(24)) {
            throw new JmkException(Reason.RUNTIME_UNSUPPORTED,
                    "--container-runtime=docker needs kubelet's dockershim, which Kubernetes removed in v1.24 (asked for "
                            + version + ")").withAdvice("Use --container-runtime=containerd, or --kubernetes-version=v1.23.x or older with docker; "
                            + "docker with newer versions needs cri-dockerd, which this node image does not carry.");
        }
    }
}
