package dev.jminikube.cli;

import dev.jminikube.cluster.ClusterBinaries;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.SupportedVersions;
import dev.jminikube.bootstrap.binaries.BinaryCache;
import dev.jminikube.bootstrap.binaries.BinaryManifest;
import dev.jminikube.bootstrap.binaries.GoProxyVersions;
import dev.jminikube.core.JmkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

@Command(name = "get-k8s-versions", mixinStandardHelpOptions = true,
        description = "List the Kubernetes versions jminikube supports, which are cached and which it can build offline here.")
final class GetK8sVersionsCommand implements Callable<Integer> {
    private final CliContext ctx;

    GetK8sVersionsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.out().println("Supported: " + SupportedVersions.OLDEST + " to v1." + SupportedVersions.NEWEST_MINOR
                + ".x; default " + SupportedVersions.DEFAULT + ".");
        ctx.out().println("Any supported version is fetched from --binary-mirror or dl.k8s.io when reachable.");
        TreeMap<KubernetesVersion, String> rows = new TreeMap<>();
        rows.put(SupportedVersions.DEBIAN_SOURCE, "buildable offline: Debian source package + Go 1.19 (~9 min)");
        try {
            List<KubernetesVersion> served = GoProxyVersions.fetch(GoProxyVersions.proxy(
                    ctx.env().variable("GOPROXY").orElse(null)));
            GoProxyVersions.newestPatches(served).forEach(v ->
                    rows.put(v, "buildable offline: Go module proxy + host Go (~25 min)"));
        } catch (Exception e) {
            ctx.warn("Go module proxy not reachable (" + e.getMessage() + "): versions it could build are not listed");
        }
        BinaryCache cache = ClusterBinaries.binaryCache(ctx.env());
        for (KubernetesVersion v : cachedVersions(cache.root())) {
            String source = manifestSource(cache, v).orElse("?");
            rows.merge(v, "cached (" + source + ")", (was, now) -> now);
        }
        ctx.out().println();
        rows.descendingMap().forEach((v, what) -> ctx.out().printf("  %-10s %s%s%n", v, what,
                v.equals(SupportedVersions.DEFAULT) ? "  [default]" : ""));
        ctx.out().flush();
        return 0;
    }

    private Optional<String> manifestSource(BinaryCache cache, KubernetesVersion v) {
        Path manifest = cache.entryDir(v, ClusterBinaries.arch(ctx.env())).resolve(BinaryManifest.FILE_NAME);
        try {
            return Optional.ofNullable(BinaryManifest.read(manifest).source());
        } catch (JmkException e) {
            return Optional.empty(); // a damaged entry: listed with "?", and fetched again by the next start
        }
    }

    private List<KubernetesVersion> cachedVersions(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("v\\d+\\.\\d+\\.\\d+"))
                    .flatMap(n -> KubernetesVersion.tryParse(n).stream())
                    .filter(v -> Files.isRegularFile(ClusterBinaries.binaryCache(ctx.env()).entryDir(v, ClusterBinaries.arch(ctx.env()))
                            .resolve(BinaryManifest.FILE_NAME)))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
