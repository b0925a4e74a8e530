package dev.jminikube.bootstrap.units;

/**
 * The pod sandbox ("pause") image. jminikube builds it locally and tags it with this one name for
 * every Kubernetes version, so containerd's {@code sandbox_image}, dockershim's
 * {@code --pod-infra-container-image} and the image loader all agree and nothing is pulled. The
 * tag is a real upstream one so the name means what it says; kubelet never pulls it by itself.
 */
public final class PauseImage {
    public static final String REFERENCE = "registry.k8s.io/pause:3.9";

    private PauseImage() {
    }
}
