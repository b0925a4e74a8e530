package dev.jminikube.cli;

import dev.jminikube.addons.AddonStateFile;
import dev.jminikube.bootstrap.ClusterStateFile;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.core.Environment;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a profile keeps on disk from earlier commands: its machine ({@code config.yaml}), its cluster
 * ({@code cluster.json}) and its add-on choices ({@code addons.json}). {@code start} reads all three first, so a
 * damaged one stops it in a second with the file named, instead of after the downloads, the image build or the
 * boot, or half-way through the bootstrap.
 */
record ProfileState(Optional<MachineConfig> machine, Optional<ClusterState> cluster, Map<String, Boolean> addonChoices) {

    static ProfileState read(Environment env, MachineManager machines, String profile) {
        Path machineDir = Clusters.machineDir(env, profile);
        return new ProfileState(machines.existingConfig(profile), ClusterStateFile.read(ClusterStateFile.in(machineDir)),
                AddonStateFile.in(machineDir).choices());
    }
}
