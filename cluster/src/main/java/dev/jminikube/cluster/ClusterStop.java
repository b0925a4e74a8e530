package dev.jminikube.cluster;

import dev.jminikube.bootstrap.Localkube;
import dev.jminikube.cluster.mount.MountProcess;
import dev.jminikube.core.Environment;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.ProfileName;
import dev.jminikube.drivers.MachineManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stop}: suspends a running cluster's VM when its driver can (the next start resumes it, pods and all), or
 * powers it off; before a power-off Kubernetes is shut down inside the node so it stops cleanly.
 */
public final class ClusterStop {
    /** How long Kubernetes gets to stop inside the node before the VM is powered off anyway. */
    static final Duration KUBERNETES_SHUTDOWN = Duration.ofSeconds(60);
    private final Environment env;
    private final MachineManager machines;
    private final Listener listener;

    /** What a stop tells its caller as it goes. */
    public interface Listener {
        /** The VM's memory is about to be saved. */
        void suspending();

        /** Kubernetes is about to be shut down in the node (a power-off follows). */
        void stoppingKubernetes();

        /** Kubernetes could not be stopped cleanly; the VM is powered off anyway. */
        void kubernetesNotStopped(RuntimeException why);
    }

    public ClusterStop(Environment env, MachineManager machines, Listener listener) {
        this.env = env;
        this.machines = machines;
        this.listener = listener;
    }

    /**
     * What a stop did and how long the machine layer took.
     */
    public record Stopped(MachineManager.StopOutcome outcome, Duration took) {
    }

    /**
     * Stops the profile's nodes: its workers first (issue 18), then node 1, whose outcome is returned. Workers go first
     * because they hang on node 1: it serves their link to the node network and their API server.
     */
    public Stopped stop(String profile, boolean powerOff) {
        // The mount process first, while the node can still be told to unmount (a resumed node would hold a dead one).
        MountProcess.end(MachinePaths.of(env.machinesDir(), ProfileName.validate(profile)), MountProcess.UNMOUNT_GRACE);
        boolean cluster = ProfileStore.of(env, profile).cluster().isPresent();
        long started = System.nanoTime();
        List<String> workers = new ArrayList<>(machines.workerMachines(profile));
        java.util.Collections.reverse(workers);
        for (String worker : workers) {
            stopMachine(worker, powerOff, cluster);
        }
        MachineManager.StopOutcome outcome = stopMachine(profile, powerOff, cluster);
        return new Stopped(outcome, Duration.ofNanos(System.nanoTime() - started));
    }

    private MachineManager.StopOutcome stopMachine(String machine, boolean powerOff, boolean cluster) {
        boolean running = machines.status(machine).host() == DriverState.RUNNING;
        if (!powerOff && running && machines.wouldSuspend(machine)) {
            listener.suspending();
        } else if (running && cluster) {
            listener.stoppingKubernetes();
            try (CommandRunner guest = machines.guestRunner(machine)) {
                Localkube.shutdown(guest, KUBERNETES_SHUTDOWN);
            } catch (RuntimeException e) {
                // Best effort: the VM is powered off either way.
                listener.kubernetesNotStopped(e);
            }
        }
        return machines.stop(machine, powerOff);
    }
}
