package dev.jminikube.bootstrap.binaries;

import dev.jminikube.core.Sha256;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.NoSpaceLeft;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Kubernetes binaries on the host, one entry per version and architecture:
 * {@code $JMINIKUBE_HOME/cache/kubernetes/v1.20.2/linux-amd64/} with the binaries and a {@code manifest.json}.
 *
 * <p>An entry is filled in a sibling partial directory that is renamed into place only when complete, so an
 * interrupted fetch never leaves an entry a later run would trust. Every lookup re-hashes the files against
 * the manifest: a damaged entry is reported, removed and fetched again, never used.
 */
public final class BinaryCache {
    private static final String PARTIAL_SUFFIX = ".partial";

    private final Path root;

    /** @param root {@code $JMINIKUBE_HOME/cache/kubernetes} */
    public BinaryCache(Path root) {
        this.root = root;
    }

    public static BinaryCache of(Environment env) {
        return new BinaryCache(env.cacheDir().resolve("kubernetes"));
    }

    public Path root() {
        return root;
    }

    public Path entryDir(KubernetesVersion version, LinuxArch arch) {
        return root.resolve(version.toString()).resolve("linux-" + arch.goName());
    }

    /** Where release-tree downloads keep their {@code .part} files between attempts, so they can resume. */
    public Path downloadsDir() {
        return root.resolve(".downloads");
    }

    /**
     * The entry if it is complete and every file matches the manifest. A damaged entry is reported through
     * {@code notices}, deleted, and not returned.
     */
    public Optional<BinaryManifest> lookup(KubernetesVersion version, LinuxArch arch, Consumer<String> notices) {
        Path dir = entryDir(version, arch);
        Path manifestFile = dir.resolve(BinaryManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        Optional<String> damage = damage(dir, manifestFile, version, arch);
        if (damage.isEmpty()) {
            try {
                return Optional.of(BinaryManifest.read(manifestFile));
            } catch (JmkException e) {
                damage = Optional.of("manifest.json unreadable");
            }
        }
        notices.accept("The cached Kubernetes " + version + " binaries in " + dir + " are damaged (" + damage.get()
                + "); fetching them again");
        Directories.deleteQuietly(dir);
        return Optional.empty();
    }

    private Optional<String> damage(Path dir, Path manifestFile, KubernetesVersion version, LinuxArch arch) {
        BinaryManifest manifest;
        try {
            manifest = BinaryManifest.read(manifestFile);
        } catch (JmkException e) {
            return Optional.of("manifest.json unreadable: " + e.getMessage());
        }
        if (!version.toString().equals(manifest.version()) || !arch.goName().equals(manifest.arch())) {
            return Optional.of("manifest.json is for " + manifest.version() + " " + manifest.arch());
        }
        for (String required : KubernetesBinaries.REQUIRED) {
            if (!manifest.files().containsKey(required)) {
                return Optional.of(required + " missing from manifest.json");
            }
        }
        for (Map.Entry<String, String> file : manifest.files().entrySet()) {
            Path path = dir.resolve(file.getKey());
            try {
                if (!Files.isRegularFile(path)) {
                    return Optional.of(file.getKey() + " missing");
                }
                if (!Sha256.of(path).equals(file.getValue())) {
                    return Optional.of(file.getKey() + " does not match its sha256");
                }
            } catch (IOException e) {
                return Optional.of(file.getKey() + " unreadable: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Fills the entry from {@code source}: fetch into a partial directory, check the set is complete, make the
     * binaries executable, write the manifest last, rename into place. Holds a file lock meanwhile, so two
     * jminikube processes fetching the same version do not trample each other (the second then finds the
     * first one's entry).
     */
    public BinaryManifest fill(KubernetesVersion version, LinuxArch arch, BinarySource source,
                               ProgressListener progress, Consumer<String> notices) {
        Path entry = entryDir(version, arch);
        Path partial = entry.resolveSibling(entry.getFileName() + PARTIAL_SUFFIX);
        Path lockFile = entry.resolveSibling(entry.getFileName() + ".lock");
        try {
            Files.createDirectories(entry.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lock(channel, notices)) {
                Optional<BinaryManifest> filledMeanwhile = lookup(version, arch, notices);
                if (filledMeanwhile.isPresent()) {
                    return filledMeanwhile.get();
                }
                Directories.deleteRecursively(partial); // left over by an interrupted attempt
                Files.createDirectories(partial);
                try {
                    source.fetch(version, arch, partial, progress);
                    BinaryManifest manifest = manifestOf(partial, version, arch, source);
                    Path manifestTmp = partial.resolve(BinaryManifest.FILE_NAME + ".tmp");
                    Files.write(manifestTmp, manifest.toJson());
                    Files.move(manifestTmp, partial.resolve(BinaryManifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
                    Directories.deleteRecursively(entry); // a damaged entry lookup could not delete
                    Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE);
                    return manifest;
                } finally {
                    Directories.deleteQuietly(partial);
                }
            }
        } catch (IOException e) {
            Reason reason = NoSpaceLeft.in(e) ? Reason.RESOURCE_DISK_FULL
                    : Reason.HOST_HOME_NOT_WRITABLE;
            throw new JmkException(reason, "cannot write the Kubernetes binaries under " + root + ": " + e, e);
        }
    }

    private static FileLock lock(FileChannel channel, Consumer<String> notices) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock != null) {
            return lock;
        }
        notices.accept("Waiting for another jminikube process to finish fetching these binaries");
        return channel.lock();
    }

    private static BinaryManifest manifestOf(Path dir, KubernetesVersion version, LinuxArch arch, BinarySource source)
            throws IOException {
        for (String required : KubernetesBinaries.REQUIRED) {
            if (!Files.isRegularFile(dir.resolve(required))) {
                throw new JmkException(Reason.K8S_BINARIES_UNAVAILABLE,
                        source.name() + " finished without providing " + required);
            }
        }
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.sorted().toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && (KubernetesBinaries.REQUIRED.contains(name)
                        || name.equals(KubernetesBinaries.PAUSE))) {
                    makeExecutable(file);
                    files.put(name, Sha256.of(file));
                } else {
                    Directories.deleteRecursively(file); // anything else a source left is not part of the set
                }
            }
        }
        return new BinaryManifest(version.toString(), arch.goName(), source.name(),
                source.recipeSha256().orElse(null), files);
    }

    private static void makeExecutable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Lists leftover partial directories (for tests and 'jminikube cache' housekeeping). */
    Stream<Path> partialDirs(KubernetesVersion version) throws IOException {
        Path dir = root.resolve(version.toString());
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + PARTIAL_SUFFIX)) {
            return java.util.stream.StreamSupport.stream(s.spliterator(), false).toList().stream();
        }
    }
}
