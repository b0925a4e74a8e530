package dev.jminikube.bootstrap.binaries;

import dev.jminikube.core.Sha256;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Binaries from a Kubernetes release tree: {@code <base>/<version>/bin/linux/<arch>/<binary>} with the
 * binary's sha256 in {@code <binary>.sha256} beside it. Serves dl.k8s.io and {@code --binary-mirror}
 * (https or file URLs; http only with {@code --insecure-binary-mirror}, see {@link BinaryMirror}).
 *
 * <p>Nothing unverified is installed: a binary without a published sha256 is refused, and one that does not
 * match it is deleted, downloaded once more, and then refused with both digests named. Downloads go to a
 * {@code .part} file outside the cache entry, so an interrupted one resumes on the next attempt.
 */
public final class ReleaseTreeSource implements BinarySource {
    public static final String OFFICIAL_BASE = "https://dl.k8s.io/release";
    public static final String OFFICIAL_NAME = "dl.k8s.io";

    private final String name;
    private final URI base;
    private final Path downloadsDir;
    private final Downloader downloader;

    ReleaseTreeSource(String name, URI base, Path downloadsDir, Downloader downloader) {
        this.name = name;
        this.base = base;
        this.downloadsDir = downloadsDir;
        this.downloader = downloader;
    }

    /** The official release downloads, https://dl.k8s.io/release. */
    public static ReleaseTreeSource official(Path downloadsDir) {
        return new ReleaseTreeSource(OFFICIAL_NAME, URI.create(OFFICIAL_BASE), downloadsDir, new Downloader());
    }

    /** {@code --binary-mirror}, parsed and checked when the flag was read ({@link BinaryMirror#parse}). */
    public static ReleaseTreeSource mirror(BinaryMirror mirror, Path downloadsDir) {
        return new ReleaseTreeSource("mirror " + mirror.base(), mirror.base(), downloadsDir, new Downloader());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean canServe(KubernetesVersion version, LinuxArch arch) {
        return true; // whether the tree has the version is only known by asking it
    }

    /** {@code <base>/<version>/bin/linux/<arch>/<binary>} */
    public URI binaryUri(KubernetesVersion version, LinuxArch arch, String binary) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b : b + "/") + version + "/bin/linux/" + arch.goName() + "/" + binary);
    }

    @Override
    public void fetch(KubernetesVersion version, LinuxArch arch, Path targetDir, ProgressListener progress) {
        Path partDir = downloadsDir.resolve(version.toString()).resolve("linux-" + arch.goName());
        for (String binary : KubernetesBinaries.REQUIRED) {
            URI uri = binaryUri(version, arch, binary);
            try {
                Files.createDirectories(partDir);
                String expected = publishedSha256(uri, version, arch);
                Path part = partDir.resolve(binary + ".part");
                downloadVerified(uri, expected, part, binary, progress);
                Files.move(part, targetDir.resolve(binary), StandardCopyOption.REPLACE_EXISTING);
            } catch (Downloader.UnreachableException e) {
                throw unavailable("cannot connect (" + e.getMessage() + ")");
            } catch (IOException e) {
                throw unavailable("fetching " + uri + " failed: " + e.getMessage());
            }
        }
    }

    private String publishedSha256(URI uri, KubernetesVersion version, LinuxArch arch) throws IOException {
        URI shaUri = URI.create(uri + ".sha256");
        Optional<String> text = downloader.readText(shaUri);
        if (text.isEmpty()) {
            if (!downloader.exists(uri)) {
                throw unavailable("no " + version + " linux/" + arch + " binaries (nothing at " + uri + ")");
            }
            throw new JmkException(Reason.K8S_BINARY_CHECKSUM, name + ": " + uri
                    + " has no published sha256 (nothing at " + shaUri + "); refusing to install an unverified binary");
        }
        return Sha256.parsePublished(text.get()).orElseThrow(() -> new JmkException(Reason.K8S_BINARY_CHECKSUM,
                name + ": " + shaUri + " does not hold a sha256 digest; refusing to install " + uri));
    }

    /** Downloads (or resumes) into {@code part} until it matches {@code expected}; one fresh retry on a mismatch. */
    private void downloadVerified(URI uri, String expected, Path part, String label, ProgressListener progress)
            throws IOException {
        if (Files.isRegularFile(part) && Sha256.of(part).equals(expected)) {
            progress.bytes(label, Files.size(part), Files.size(part));
            return; // complete from an earlier, interrupted run
        }
        String actual = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            if (!downloader.download(uri, part, label, progress)) {
                throw unavailable("nothing at " + uri);
            }
            actual = Sha256.of(part);
            if (actual.equals(expected)) {
                return;
            }
            Files.deleteIfExists(part); // a resumed or damaged download: the retry starts from scratch
        }
        throw new JmkException(Reason.K8S_BINARY_CHECKSUM, name + ": " + uri + " does not match its sha256 (expected "
                + expected + ", got " + actual + ")");
    }

    private JmkException unavailable(String why) {
        return new JmkException(Reason.K8S_BINARIES_UNAVAILABLE, name + ": " + why);
    }
}
