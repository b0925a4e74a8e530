package dev.jminikube.bootstrap.pki;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One PKI for all test classes in the JVM: making one costs about 16 RSA keys. Tests must not change
 * its directory; they copy it first.
 */
public final class SharedTestPki {
    public static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final ClusterConfig CONFIG = ClusterConfig.of("dev", KubernetesVersion.of(1, 20, 2),
            ContainerRuntime.CONTAINERD, NetworkPlugin.CNI, List.of(), 40123);

    private static Path dir;
    private static ClusterPki pki;

    private SharedTestPki() {
    }

    public static synchronized ClusterPki pki() {
        if (pki == null) {
            try {
                Path root = Files.createTempDirectory("jmk-pki-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
                dir = root.resolve("pki");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pki = ClusterPki.loadOrCreate(dir, CONFIG, CLOCK);
        }
        return pki;
    }

    /** The directory {@link #pki()} lives in; read-only for tests. */
    public static synchronized Path dir() {
        pki();
        return dir;
    }

    /** A copy of the shared PKI at {@code target} (created), for a test that changes or adds to it. */
    public static Path copyTo(Path target) throws IOException {
        Path source = dir();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return target;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // Only a temporary directory left behind.
        }
    }
}
