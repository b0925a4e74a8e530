package dev.jminikube.bootstrap.binaries;

import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.SupportedVersions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Kubernetes releases the Go module proxy serves as {@code k8s.io/kubernetes} (its {@code @v/list}):
 * the versions the Go-proxy recipe can build here without dl.k8s.io.
 */
public final class GoProxyVersions {
    private static final Pattern RELEASE = Pattern.compile("v1\\.\\d+\\.\\d+");

    private GoProxyVersions() {
    }

    /** The first proxy of a GOPROXY list ({@code https://proxy.golang.org,direct}), or the default. */
    public static URI proxy(String goproxyVariable) {
        String first = goproxyVariable == null ? "" : goproxyVariable.split("[,|]")[0].trim();
        return URI.create(first.startsWith("http") ? first.replaceAll("/+$", "") : "https://proxy.golang.org");
    }

    public static List<KubernetesVersion> fetch(URI proxy) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(proxy + "/k8s.io/kubernetes/@v/list"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new java.io.IOException("HTTP " + r.statusCode() + " from " + proxy);
        }
        return parse(r.body());
    }

    /** Releases (no pre-releases) in the supported range that the Go-proxy recipe builds, oldest first. */
    static List<KubernetesVersion> parse(String list) {
        // A line of the remote list that matches but does not parse (a number too large) is skipped, not fatal.
        return list.lines().map(String::strip).filter(l -> RELEASE.matcher(l).matches())
                .flatMap(l -> KubernetesVersion.tryParse(l).stream())
                .filter(SupportedVersions::isSupported)
                .filter(v -> v.compareTo(SupportedVersions.OLDEST_GO_PROXY_BUILD) >= 0)
                .sorted().toList();
    }

    /** The newest patch of each minor line. */
    public static Collection<KubernetesVersion> newestPatches(List<KubernetesVersion> versions) {
        Map<Integer, KubernetesVersion> byMinor = new TreeMap<>();
        versions.forEach(v -> byMinor.merge(v.minor(), v, (a, b) -> a.compareTo(b) >= 0 ? a : b));
        return byMinor.values();
    }
}
