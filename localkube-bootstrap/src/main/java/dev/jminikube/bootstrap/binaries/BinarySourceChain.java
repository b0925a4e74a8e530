package dev.jminikube.bootstrap.binaries;

import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds Kubernetes binaries: the cache first, then each source in order (a {@code --binary-mirror},
 * dl.k8s.io, the source builds), filling the cache from the first that serves.
 *
 * <p>A source that cannot serve here (unreachable, version missing, build tools missing) passes on to the
 * next one, and the user sees why. A source that serves something wrong stops everything: a checksum
 * mismatch or a failed build is an error to fix, not a reason to fall back to a ten-minute build.
 */
public final class BinarySourceChain {
    private final BinaryCache cache;
    private final List<BinarySource> sources;
    private final Consumer<String> out;
    private final ProgressListener progress;

    public BinarySourceChain(BinaryCache cache, List<BinarySource> sources, Consumer<String> out,
                             ProgressListener progress) {
        this.cache = cache;
        this.sources = List.copyOf(sources);
        this.out = out;
        this.progress = progress;
    }

    /**
     * The sources jminikube uses: {@code mirror} if given, dl.k8s.io, then the bundled source builds
     * (Debian's package for v1.20.2, the Go module proxy for v1.30 and newer).
     *
     * @param runner runs the source build (a {@code LocalCommandRunner})
     */
    public static BinarySourceChain standard(Environment env, Optional<BinaryMirror> mirror, CommandRunner runner,
                                             Consumer<String> out, ProgressListener progress) {
        BinaryCache cache = BinaryCache.of(env);
        List<BinarySource> sources = new ArrayList<>();
        mirror.ifPresent(m -> sources.add(ReleaseTreeSource.mirror(m, cache.downloadsDir())));
        sources.add(ReleaseTreeSource.official(cache.downloadsDir()));
        sources.add(SourceBuildSource.debianKubernetes120(runner, env, out));
        sources.add(SourceBuildSource.goProxy(runner, env, out));
        return new BinarySourceChain(cache, sources, out, progress);
    }

    public InstalledBinaries obtain(KubernetesVersion version, LinuxArch arch) {
        String what = "Kubernetes " + version + " binaries";
        Optional<BinaryManifest> cached = cache.lookup(version, arch, out);
        if (cached.isPresent()) {
            String servedBy = "cache (from " + cached.get().source() + ")";
            out.accept(what + ": from the " + servedBy);
            return new InstalledBinaries(cache.entryDir(version, arch), servedBy, version, arch);
        }
        List<String> tried = new ArrayList<>();
        tried.add("cache: not there");
        String toolAdvice = null;
        for (BinarySource source : sources) {
            if (!source.canServe(version, arch)) {
                tried.add(source.name() + ": does not serve " + version + " linux/" + arch);
                continue;
            }
            out.accept(what + ": fetching from " + source.name());
            try {
                cache.fill(version, arch, source, progress, out);
                out.accept(what + ": from " + source.name());
                return new InstalledBinaries(cache.entryDir(version, arch), source.name(), version, arch);
            } catch (JmkException e) {
                if (!passesOn(e)) {
                    throw e;
                }
                out.accept("  " + e.getMessage() + "; trying the next source");
                tried.add(e.getMessage().startsWith(source.name()) ? e.getMessage()
                        : source.name() + ": " + e.getMessage());
                if (e.reason() == Reason.HOST_TOOL_MISSING && toolAdvice == null) {
                    toolAdvice = e.advice();
                }
            }
        }
        String message = "no source could provide " + what + " for linux/" + arch + " ("
                + String.join("; ", tried) + ")";
        JmkException failure = new JmkException(Reason.K8S_BINARIES_UNAVAILABLE, message);
        return toolAdvice == null ? throwIt(failure) : throwIt(failure.withAdvice(toolAdvice));
    }

    /** Whether a source's failure means "not here" (try the next) rather than "something is wrong" (stop). */
    static boolean passesOn(JmkException e) {
        return e.reason() == Reason.K8S_BINARIES_UNAVAILABLE || e.reason() == Reason.HOST_TOOL_MISSING;
    }

    private static InstalledBinaries throwIt(JmkException e) {
        throw e;
    }
}
