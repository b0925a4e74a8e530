package dev.jminikube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.cluster.ClusterBinaries;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.SupportedVersions;
import dev.jminikube.bootstrap.binaries.BinaryCache;
import dev.jminikube.bootstrap.binaries.BinaryManifest;
import dev.jminikube.bootstrap.binaries.GoProxyVersions;
import dev.jminikube.core.JmkException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "get-k8s-versions", mixinStandardHelpOptions = true,
        description = "List the Kubernetes versions jminikube supports, which are cached and which it can build offline here.")
final class GetK8sVersionsCommand implements Callable<Integer> {
    private final CliContext ctx;

    GetK8sVersionsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    String output;

    @Spec
    CommandSpec spec;

    /** How a version can be had here; {@code source} is the cache entry's origin (null when not cached or unknown). */
    record Availability(String kind, String text, String source) {
        static final String CACHED = "cached";
        static final String DEBIAN_SOURCE = "debian-source";
        static final String GO_MODULE_PROXY = "go-module-proxy";
    }

    @Override
    public Integer call() throws IOException {
        OutputFormats.check(spec, output, "text", "json");
        TreeMap<KubernetesVersion, Availability> rows = new TreeMap<>();
        rows.put(SupportedVersions.DEBIAN_SOURCE, new Availability(Availability.DEBIAN_SOURCE,
                "buildable offline: Debian source package + Go 1.19 (~9 min)", null));
        URI proxy = GoProxyVersions.proxy(ctx.env().variable("GOPROXY").orElse(null));
        boolean proxyReachable;
        try {
            List<KubernetesVersion> served = GoProxyVersions.fetch(proxy);
            GoProxyVersions.newestPatches(served).forEach(v -> rows.put(v, new Availability(
                    Availability.GO_MODULE_PROXY, "buildable offline: Go module proxy + host Go (~25 min)", null)));
            proxyReachable = true;
        } catch (Exception e) {
            ctx.warn("Go module proxy not reachable (" + e.getMessage() + "): versions it could build are not listed");
            proxyReachable = false;
        }
        BinaryCache cache = ClusterBinaries.binaryCache(ctx.env());
        for (KubernetesVersion v : cachedVersions(cache.root())) {
            Optional<String> source = manifestSource(cache, v);
            rows.put(v, new Availability(Availability.CACHED, "cached (" + source.orElse("?") + ")", source.orElse(null)));
        }
        if (output.equals("json")) {
            ctx.out().println(new ObjectMapper().writeValueAsString(json(rows, proxy, proxyReachable)));
            ctx.out().flush();
            return 0;
        }
        ctx.out().println("Supported: " + SupportedVersions.OLDEST + " to v1." + SupportedVersions.NEWEST_MINOR
                + ".x; default " + SupportedVersions.DEFAULT + ".");
        ctx.out().println("Any supported version is fetched from --binary-mirror or dl.k8s.io when reachable.");
        ctx.out().println();
        rows.descendingMap().forEach((v, what) -> ctx.out().printf("  %-10s %s%s%n", v, what.text(),
                v.equals(SupportedVersions.DEFAULT) ? "  [default]" : ""));
        ctx.out().flush();
        return 0;
    }

    /** The {@code -o json} document (its shape is in the README); versions newest first, as the text lists them. */
    static Map<String, Object> json(TreeMap<KubernetesVersion, Availability> rows, URI proxy, boolean proxyReachable) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("oldest", SupportedVersions.OLDEST.toString());
        doc.put("newestMinor", "v1." + SupportedVersions.NEWEST_MINOR);
        doc.put("default", SupportedVersions.DEFAULT.toString());
        doc.put("goModuleProxy", Map.of("url", proxy.toString(), "reachable", proxyReachable));
        List<Map<String, Object>> versions = new ArrayList<>();
        rows.descendingMap().forEach((v, what) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", v.toString());
            row.put("availability", what.kind());
            row.put("source", what.source());
            row.put("default", v.equals(SupportedVersions.DEFAULT));
            versions.add(row);
        });
        doc.put("versions", versions);
        return doc;
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
