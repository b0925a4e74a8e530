package dev.jminikube.bootstrap.binaries;

import dev.jminikube.bootstrap.KubernetesVersion;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One place Kubernetes binaries can come from: a release tree (a mirror, dl.k8s.io) or a build from source.
 *
 * <p>How {@link #fetch} fails decides what {@link BinarySourceChain} does next: a {@code JmkException} with
 * {@code K8S_BINARIES_UNAVAILABLE} or {@code HOST_TOOL_MISSING} means "cannot serve here, try the next
 * source"; any other reason (a checksum mismatch, a failed build, a full disk) stops the chain, because
 * the user must see it rather than wait for a fallback.
 */
public interface BinarySource {

    /** For the user: "dl.k8s.io", "mirror https://...", "source build (Debian kubernetes ..., Go 1.19)". */
    String name();

    /** Cheap, no network: whether this source may have {@code version} for {@code arch} at all. */
    boolean canServe(KubernetesVersion version, LinuxArch arch);

    /**
     * Writes at least {@link KubernetesBinaries#REQUIRED} into {@code targetDir} (which exists and is empty).
     * Only verified files may be written there.
     */
    void fetch(KubernetesVersion version, LinuxArch arch, Path targetDir, ProgressListener progress);

    /** The sha256 of the recipe that produced the binaries, for sources that build; recorded in the cache manifest. */
    default Optional<String> recipeSha256() {
        return Optional.empty();
    }
}
