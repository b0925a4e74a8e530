package dev.jminikube.cluster;

import dev.jminikube.bootstrap.kubeconfig.KubeconfigMerger;
import dev.jminikube.cluster.mount.MountProcess;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.ProfileName;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code delete}: removes a profile's VM and files, and its cluster, user and context from the user's kubeconfig
 * (other entries stay as they are). A kubeconfig that cannot be rewritten is a warning, not a failed delete: the
 * VM is gone already.
 */
public final class ClusterDelete {
    private final Environment env;
    private final MachineManager machines;
    private final Consumer<String> warnings;

    public ClusterDelete(Environment env, MachineManager machines, Consumer<String> warnings) {
        this.env = env;
        this.machines = machines;
        this.warnings = warnings;
    }

    /** What {@link #delete} found. */
    public enum Outcome {
        /** The machine and its files were removed (and its kubeconfig entries). */
        DELETED,
        /** There was no machine, but the kubeconfig still named the profile; those entries were removed. */
        KUBECONFIG_ENTRIES_ONLY,
        /** Nothing of the profile existed; nothing was touched. */
        DID_NOT_EXIST
    }

    /**
     * Deletes one profile. Deleting one that does not exist is no failure (minikube's answer too), so scripts that
     * delete before they start work; entries a deleted machine left in the kubeconfig (deleted by hand, another
     * home) still go, as there.
     */
    public Outcome delete(String profile) {
        endMountProcess(profile);
        // The workers' machines (issue 18) first: a worker left behind would be listed as nobody's.
        machines.workerMachines(profile).forEach(machines::delete);
        if (machines.delete(profile) == MachineManager.DeleteOutcome.DID_NOT_EXIST) {
            if (kubeconfigMentions(profile)) {
                removeContext(profile);
                return Outcome.KUBECONFIG_ENTRIES_ONLY;
            }
            return Outcome.DID_NOT_EXIST;
        }
        removeContext(profile);
        return Outcome.DELETED;
    }

    /** Deletes every profile; returns their names. */
    public List<String> deleteAll() {
        List<String> profiles = machines.profiles();
        profiles.forEach(this::endMountProcess);
        machines.deleteAll();
        profiles.forEach(this::removeContext);
        return profiles;
    }

    /** Deletes every profile and what else jminikube keeps in JMINIKUBE_HOME (see {@link MachineManager#purge}). */
    public MachineManager.Purge purge() {
        List<String> profiles = machines.profiles();
        profiles.forEach(this::endMountProcess);
        MachineManager.Purge purged = machines.purge();
        profiles.forEach(this::removeContext);
        return purged;
    }

    /** A background mount process ({@code start --mount}) would outlive its VM, serving the directory to no one. */
    private void endMountProcess(String profile) {
        MountProcess.end(MachinePaths.of(env.machinesDir(), ProfileName.validate(profile)), MountProcess.UNMOUNT_GRACE);
    }

    private boolean kubeconfigMentions(String name) {
        try {
            return new KubeconfigMerger(env.kubeconfig()).mentions(name);
        } catch (JmkException e) {
            return false; // a file kubectl cannot read either holds nothing of ours to take out
        }
    }

    /** Removes exactly the profile's cluster, user and context from the kubeconfig; others stay as they are. */
    private void removeContext(String name) {
        try {
            new KubeconfigMerger(env.kubeconfig()).remove(name);
        } catch (JmkException e) {
            // The VM is gone already; a kubeconfig we may not rewrite is the user's to fix, not a failed delete.
            warnings.accept("the context \"" + name + "\" is still in the kubeconfig: " + e.getMessage());
            warnings.accept(e.advice());
        }
    }
}
