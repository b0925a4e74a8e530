package dev.jminikube.bootstrap.binaries;

import dev.jminikube.bootstrap.KubernetesVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A verified, complete set of Kubernetes binaries on the host.
 *
 * @param dir      the cache entry directory holding the binaries
 * @param servedBy where they came from, for the user: "dl.k8s.io", or "cache (from dl.k8s.io earlier)"
 */
public record InstalledBinaries(Path dir, String servedBy, KubernetesVersion version, LinuxArch arch) {

    public Path binary(String name) {
        return dir.resolve(name);
    }

    /** The static pause binary, which only source builds provide. */
    public Optional<Path> pause() {
        Path pause = dir.resolve(KubernetesBinaries.PAUSE);
        return Files.isRegularFile(pause) ? Optional.of(pause) : Optional.empty();
    }
}
