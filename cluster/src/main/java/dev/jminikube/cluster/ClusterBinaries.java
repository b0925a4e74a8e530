package dev.jminikube.cluster;

import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.binaries.BinaryCache;
import dev.jminikube.bootstrap.binaries.BinaryMirror;
import dev.jminikube.bootstrap.binaries.BinarySourceChain;
import dev.jminikube.bootstrap.binaries.InstalledBinaries;
import dev.jminikube.bootstrap.binaries.LinuxArch;
import dev.jminikube.bootstrap.binaries.ProgressBar;
import dev.jminikube.bootstrap.images.ImageTarWriter;
import dev.jminikube.bootstrap.images.PauseImage;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.LocalCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Host-side pieces of a cluster that several commands share: its Kubernetes binaries and its pause image. */
public final class ClusterBinaries {
    private ClusterBinaries() {
    }

    public static BinaryCache binaryCache(Environment env) {
        return BinaryCache.of(env);
    }

    public static LinuxArch arch(Environment env) {
        return LinuxArch.fromName(env.arch());
    }

    /**
     * Gets the binaries from the first source that can serve them, saying which one did.
     *
     * @param mirror   {@code --binary-mirror}, already checked
     * @param notes    one-line remarks (which source, build progress)
     * @param progress lines of a download's progress bar
     */
    public static InstalledBinaries obtain(Environment env, KubernetesVersion version, Optional<BinaryMirror> mirror,
                                           Consumer<String> notes, Consumer<String> progress) {
        BinarySourceChain chain = BinarySourceChain.standard(env, mirror, new LocalCommandRunner(), notes,
                new ProgressBar(progress, System::currentTimeMillis));
        return chain.obtain(version, arch(env));
    }

    /** The binaries of {@code version} if they are in the cache (no fetching). */
    public static Optional<Path> cachedBinary(Environment env, KubernetesVersion version, String name) {
        Path file = binaryCache(env).entryDir(version, arch(env)).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * The pause image as a docker-archive tar, written by our own code from a static pause binary
     * (built from Kubernetes' build/pause/linux/pause.c by the source recipes): no registry is needed.
     */
    public static Path pauseImageTar(Environment env, InstalledBinaries binaries) {
        Path pause = binaries.pause().or(() -> anyCachedPause(binaryCache(env).root()))
                .orElseThrow(() -> new JmkException(Reason.K8S_BINARIES_UNAVAILABLE,
                        "no pause binary to build the pause image from (source builds make one; "
                                + binaries.servedBy() + " did not)")
                        .withAdvice("Build Kubernetes v1.20.2 from source once ('jminikube start --download-only "
                                + "--kubernetes-version=v1.20.2'); its pause binary serves every version."));
        Path tar = env.cacheDir().resolve("images").resolve("pause-3.9-" + binaries.arch() + ".tar");
        try {
            if (!Files.isRegularFile(tar) || Files.getLastModifiedTime(tar).compareTo(Files.getLastModifiedTime(pause)) < 0) {
                Files.createDirectories(tar.getParent());
                ImageTarWriter.write(PauseImage.of(pause, binaries.arch()), tar);
            }
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write the pause image " + tar + ": " + e, e);
        }
        return tar;
    }

    private static Optional<Path> anyCachedPause(Path cacheRoot) {
        try (Stream<Path> versions = Files.list(cacheRoot)) {
            return versions.map(v -> v.resolve("linux-amd64").resolve("pause")).filter(Files::isRegularFile).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
