package dev.jminikube.bootstrap.binaries;

import java.util.List;

/** The names of the binaries one Kubernetes version consists of, as release trees and the guest name them. */
public final class KubernetesBinaries {
    /** Every set has these; a set missing one is incomplete and never cached. */
    public static final List<String> REQUIRED = List.of("kube-apiserver", "kube-controller-manager",
            "kube-scheduler", "kubelet", "kube-proxy", "kubectl");
    /** The static pause binary a source build adds (mirrors and dl.k8s.io have none: the pause image comes separately). */
    public static final String PAUSE = "pause";

    private KubernetesBinaries() {
    }
}
