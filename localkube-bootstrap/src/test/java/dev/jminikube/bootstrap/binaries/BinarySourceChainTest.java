package dev.jminikube.bootstrap.binaries;

import dev.jminikube.core.Sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinarySourceChainTest {
    private static final KubernetesVersion V = KubernetesVersion.of(1, 20, 2);
    private static final LinuxArch ARCH = LinuxArch.AMD64;

    @TempDir
    Path home;
    private ReleaseTreeServer server;
    private BinaryCache cache;
    private final List<String> out = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        server = new ReleaseTreeServer().publish(V, ARCH);
        cache = new BinaryCache(home.resolve("cache/kubernetes"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ReleaseTreeSource mirror(String url) {
        // The test server speaks plain http, which a real start takes only with --insecure-binary-mirror.
        return new ReleaseTreeSource("mirror " + url, BinaryMirror.parse(url, true).base(), cache.downloadsDir(),
                new Downloader());
    }

    private BinarySourceChain chain(BinarySource... sources) {
        return new BinarySourceChain(cache, List.of(sources), out::add, ProgressListener.NONE);
    }

    @Test
    void fetchesFromMirrorWritesManifestThenServesFromCacheWithoutRequests() throws IOException {
        BinarySourceChain chain = chain(mirror(server.baseUrl()));

        InstalledBinaries first = chain.obtain(V, ARCH);

        assertThat(first.servedBy()).isEqualTo("mirror " + server.baseUrl());
        assertThat(first.dir()).isEqualTo(home.resolve("cache/kubernetes/v1.20.2/linux-amd64"));
        for (String binary : KubernetesBinaries.REQUIRED) {
            assertThat(first.binary(binary)).hasBinaryContent(ReleaseTreeServer.contentOf(binary, V));
            assertThat(Files.isExecutable(first.binary(binary))).isTrue();
        }
        BinaryManifest manifest = BinaryManifest.read(first.dir().resolve("manifest.json"));
        assertThat(manifest.version()).isEqualTo("v1.20.2");
        assertThat(manifest.arch()).isEqualTo("amd64");
        assertThat(manifest.source()).isEqualTo("mirror " + server.baseUrl());
        assertThat(manifest.recipeSha256()).isNull();
        assertThat(manifest.files()).containsEntry("kubelet",
                Sha256.of(ReleaseTreeServer.contentOf("kubelet", V))).hasSize(6);
        assertThat(first.pause()).isEmpty();
        assertThat(out).contains("Kubernetes v1.20.2 binaries: from mirror " + server.baseUrl());

        int requests = server.requests.size();
        InstalledBinaries second = chain.obtain(V, ARCH);
        assertThat(server.requests).hasSize(requests);
        assertThat(second.servedBy()).isEqualTo("cache (from mirror " + server.baseUrl() + ")");
        assertThat(second.dir()).isEqualTo(first.dir());
    }

    @Test
    void checksumMismatchOnMirrorFailsAfterOneRetryAndLeavesNothing() throws IOException {
        String kubelet = ReleaseTreeServer.path(V, ARCH, "kubelet");
        server.files.put(kubelet, "not the real kubelet".getBytes(StandardCharsets.UTF_8));
        FallbackRecorder fallback = new FallbackRecorder();

        JmkException e = catchThrowableOfType(() -> chain(mirror(server.baseUrl()), fallback).obtain(V, ARCH),
                JmkException.class);

        assertThat(e.reason()).isEqualTo(Reason.K8S_BINARY_CHECKSUM);
        assertThat(e.getMessage()).contains(server.baseUrl() + "/v1.20.2/bin/linux/amd64/kubelet")
                .contains("expected " + Sha256.of(ReleaseTreeServer.contentOf("kubelet", V)))
                .contains("got " + Sha256.of("not the real kubelet".getBytes(StandardCharsets.UTF_8)))
                .doesNotContain("\n");
        assertThat(server.requests.stream().filter(r -> r.path().equals(kubelet) && r.method().equals("GET")))
                .hasSize(2);
        assertThat(fallback.fetched).as("a checksum error must not fall back to the next source").isFalse();
        assertThat(cache.entryDir(V, ARCH)).doesNotExist();
        assertThat(cache.partialDirs(V)).isEmpty();
        assertThat(filesUnder(cache.downloadsDir())).isEmpty();
    }

    @Test
    void missingSha256IsRefused() throws IOException {
        server.files.remove(ReleaseTreeServer.path(V, ARCH, "kube-proxy") + ".sha256");

        assertThatThrownBy(() -> chain(mirror(server.baseUrl())).obtain(V, ARCH))
                .isInstanceOf(JmkException.class)
                .hasMessageContaining("kube-proxy has no published sha256")
                .hasMessageContaining("refusing to install an unverified binary")
                .extracting(t -> ((JmkException) t).reason()).isEqualTo(Reason.K8S_BINARY_CHECKSUM);
        assertThat(cache.entryDir(V, ARCH)).doesNotExist();
        assertThat(server.requestsFor("/kube-proxy")).isEqualTo(1); // the HEAD; the binary itself never fetched
    }

    @Test
    void truncatedCacheFileIsDetectedAndRefetched() throws IOException {
        BinarySourceChain chain = chain(mirror(server.baseUrl()));
        Path kubelet = chain.obtain(V, ARCH).binary("kubelet");
        byte[] whole = Files.readAllBytes(kubelet);
        Files.write(kubelet, Arrays.copyOf(whole, 1000));
        out.clear();

        InstalledBinaries again = chain.obtain(V, ARCH);

        assertThat(again.servedBy()).startsWith("mirror ");
        assertThat(again.binary("kubelet")).hasBinaryContent(whole);
        assertThat(out).anySatisfy(line -> assertThat(line).contains("are damaged (kubelet does not match its sha256)"));
    }

    @Test
    void leftoverPartialDirectoryIsCleanedBeforeFilling() throws IOException {
        Path leftover = cache.entryDir(V, ARCH).resolveSibling("linux-amd64.partial");
        Files.createDirectories(leftover);
        Files.writeString(leftover.resolve("kubelet"), "half a kubelet");

        chain(mirror(server.baseUrl())).obtain(V, ARCH);

        assertThat(leftover).doesNotExist();
        assertThat(cache.lookup(V, ARCH, out::add)).isPresent();
    }

    @Test
    void resumesAPartDownloadWithRange() throws IOException {
        byte[] whole = ReleaseTreeServer.contentOf("kubelet", V);
        Path part = cache.downloadsDir().resolve("v1.20.2/linux-amd64/kubelet.part");
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(whole, 70_000));

        InstalledBinaries installed = chain(mirror(server.baseUrl())).obtain(V, ARCH);

        assertThat(installed.binary("kubelet")).hasBinaryContent(whole);
        assertThat(server.requests).anySatisfy(r -> {
            assertThat(r.path()).endsWith("/kubelet");
            assertThat(r.range()).isEqualTo("bytes=70000-");
        });
        assertThat(part).doesNotExist();
    }

    @Test
    void startsOverWhenTheServerIgnoresRange() throws IOException {
        server.honourRange = false;
        byte[] whole = ReleaseTreeServer.contentOf("kubelet", V);
        Path part = cache.downloadsDir().resolve("v1.20.2/linux-amd64/kubelet.part");
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(whole, 70_000));

        InstalledBinaries installed = chain(mirror(server.baseUrl())).obtain(V, ARCH);

        assertThat(installed.binary("kubelet")).hasBinaryContent(whole);
    }

    @Test
    void unreachableSourcePassesOnAndTheFinalErrorListsEverySource() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ReleaseTreeSource official = new ReleaseTreeSource("dl.k8s.io",
                URI.create("http://127.0.0.1:" + closedPort + "/release"), cache.downloadsDir(), new Downloader());
        ReleaseTreeServer empty = new ReleaseTreeServer();
        try {
            BinarySourceChain chain = chain(mirror(empty.baseUrl()), official, new FallbackRecorder());
            long start = System.nanoTime();

            JmkException e = catchThrowableOfType(() -> chain.obtain(KubernetesVersion.of(1, 21, 0), ARCH),
                    JmkException.class);

            assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
            assertThat(e.reason()).isEqualTo(Reason.K8S_BINARIES_UNAVAILABLE);
            assertThat(e.getMessage())
                    .startsWith("no source could provide Kubernetes v1.21.0 binaries for linux/amd64 (cache: not there; ")
                    .contains("mirror " + empty.baseUrl() + ": no v1.21.0 linux/amd64 binaries (nothing at ")
                    .contains("; dl.k8s.io: cannot connect (connection refused)")
                    .contains("; fallback: does not serve v1.21.0 linux/amd64)")
                    .doesNotContain("\n");
            assertThat(out).contains("  dl.k8s.io: cannot connect (connection refused); trying the next source");
        } finally {
            empty.close();
        }
    }

    @Test
    void fileMirrorServes() throws IOException {
        Path tree = home.resolve("tree");
        server.files.forEach((path, content) -> {
            try {
                Path file = tree.resolve(path.substring("/release/".length()));
                Files.createDirectories(file.getParent());
                Files.write(file, content);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        InstalledBinaries installed = chain(mirror(tree.toUri().toString())).obtain(V, ARCH);

        assertThat(installed.binary("kubectl")).hasBinaryContent(ReleaseTreeServer.contentOf("kubectl", V));
        assertThat(installed.servedBy()).startsWith("mirror file:");
    }

    @Test
    void badMirrorUrlIsAUsageError() {
        assertThatThrownBy(() -> BinaryMirror.parse("ftp://example.com/k8s", true))
                .isInstanceOf(JmkException.class).hasMessageContaining("--binary-mirror 'ftp://example.com/k8s'")
                .extracting(t -> ((JmkException) t).reason()).isEqualTo(Reason.USAGE);
        assertThat(ReleaseTreeSource.mirror(BinaryMirror.parse("/srv/k8s/", false), home).name())
                .isEqualTo("mirror file:///srv/k8s");
    }

    @Test
    void officialSourceUsesTheReleaseLayout() {
        ReleaseTreeSource official = ReleaseTreeSource.official(home);
        assertThat(official.name()).isEqualTo("dl.k8s.io");
        assertThat(official.binaryUri(V, LinuxArch.ARM64, "kubelet"))
                .hasToString("https://dl.k8s.io/release/v1.20.2/bin/linux/arm64/kubelet");
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** A last-resort source that serves only v1.20.2 and remembers whether it was asked. */
    static final class FallbackRecorder implements BinarySource {
        boolean fetched;

        @Override
        public String name() {
            return "fallback";
        }

        @Override
        public boolean canServe(KubernetesVersion version, LinuxArch arch) {
            return version.equals(V);
        }

        @Override
        public void fetch(KubernetesVersion version, LinuxArch arch, Path targetDir, ProgressListener progress) {
            fetched = true;
            throw new JmkException(Reason.K8S_BINARIES_UNAVAILABLE, "fallback: not in this test");
        }
    }
}
