package dev.jminikube.cluster;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.core.JmkException;
import dev.jminikube.drivers.Machine;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a start ended with.
 *
 * @param profile            the profile
 * @param outcome            what happened
 * @param machine            the running machine; empty for a download-only start
 * @param config             the cluster's configuration; empty without Kubernetes
 * @param binariesServedBy   which source served the Kubernetes binaries (as recorded for a resumed cluster)
 * @param cachedImages       the add-on images a download-only start put into the cache
 * @param failedAddons       add-ons that could not be enabled (the cluster is up regardless), with why
 * @param kubeconfigProblem  why the user's kubeconfig was left alone, if it was (the cluster works regardless)
 * @param profileKubeconfig  the profile's own kubeconfig (KUBECONFIG=this reaches only this cluster)
 */
public record StartedCluster(String profile, Outcome outcome, Optional<Machine> machine, Optional<ClusterConfig> config,
                             Optional<String> binariesServedBy, List<String> cachedImages, List<String> failedAddons,
                             Optional<JmkException> kubeconfigProblem, Path profileKubeconfig) {

    public enum Outcome {
        /** {@code downloadOnly}: the node image, binaries and add-on images are in the cache; nothing started. */
        DOWNLOADED,
        /** Without Kubernetes: the VM was created or booted. */
        VM_STARTED,
        /** Without Kubernetes: the VM was already running. */
        VM_ALREADY_RUNNING,
        /** The cluster was bootstrapped on a new, rebooted or already running machine. */
        STARTED,
        /** A suspended cluster continued where it was: nothing was installed or applied. */
        RESUMED,
        /**
         * The cluster was running with the configuration asked for and answered: it was checked and kubectl pointed
         * at it; nothing was installed or restarted (only newly asked-for add-ons were enabled).
         */
        REUSED
    }

    /** True when kubectl's configuration (the user's kubeconfig) now points at this cluster. */
    public boolean kubectlConfigured() {
        return kubeconfigProblem.isEmpty() && config.isPresent();
    }
}
