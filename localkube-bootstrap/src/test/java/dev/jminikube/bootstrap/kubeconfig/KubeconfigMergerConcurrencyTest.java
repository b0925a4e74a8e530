package dev.jminikube.bootstrap.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock around the kubeconfig's read-modify-write: kubectl's lock file, between threads and processes. */
class KubeconfigMergerConcurrencyTest {
    private static final String PROD = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: prod
              cluster: {server: "https://prod.example.com:6443"}
            users:
            - name: prod
              user: {token: t}
            contexts:
            - name: prod
              context: {cluster: prod, user: prod}
            current-context: prod
            """;

    @TempDir
    Path home;

    private Path kubeconfig() {
        return home.resolve(".kube/config");
    }

    private Path lockFile() {
        return home.resolve(".kube/config.lock");
    }

    private void writeProd() throws IOException {
        Files.createDirectories(kubeconfig().getParent());
        Files.writeString(kubeconfig(), PROD);
    }

    @Test
    void theLockIsKubectlsFileNextToTheKubeconfig() {
        assertThat(KubeconfigLock.lockFileOf(Path.of("/home/u/.kube/config"))).isEqualTo(Path.of(
                "/home/u/.kube/config.lock"));
    }

    @Test
    void aLockThatStaysIsReportedWithTheFileToRemove() throws IOException {
        writeProd();
        Files.createFile(lockFile()); // as kubectl holds it, or left by one that crashed
        KubeconfigMerger merger = new KubeconfigMerger(kubeconfig(), Duration.ofMillis(300), AtomicFile::write);

        assertThatThrownBy(() -> merger.merge(TestAccess.named("dev", 40123)))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_LOCKED);
                    assertThat(e.advice()).isEqualTo("If no kubectl or jminikube is running, remove " + lockFile()
                            + " and try again.");
                })
                .hasMessageContaining(lockFile().toString()).hasMessageNotContaining("\n");
        assertThatThrownBy(() -> merger.remove("prod")).isInstanceOf(JmkException.class);
        assertThat(Files.readString(kubeconfig())).isEqualTo(PROD);
        assertThat(lockFile()).as("not ours to remove").exists();
    }

    @Test
    void aLockReleasedWhileWaitingIsTaken() throws Exception {
        writeProd();
        Files.createFile(lockFile());
        Thread kubectl = new Thread(() -> {
            try {
                Thread.sleep(300);
                Files.delete(lockFile());
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        kubectl.start();
        long started = System.nanoTime();

        new KubeconfigMerger(kubeconfig(), Duration.ofSeconds(10), AtomicFile::write).merge(TestAccess.named("dev",
                40123));

        kubectl.join();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(names("contexts")).containsExactly("prod", "dev");
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void threadsChangingDifferentContextsAllGetTheirChangeIn() throws Exception {
        writeProd();
        int threads = 8;
        List<String> contexts = IntStream.rangeClosed(1, threads).mapToObj(i -> "k" + i).toList();

        inParallel(contexts, name -> new KubeconfigMerger(kubeconfig()).merge(TestAccess.named(name, 40000)));

        assertThat(names("clusters")).hasSize(threads + 1).contains("prod").containsAll(contexts);
        assertThat(names("users")).hasSize(threads + 1).containsAll(contexts);
        assertThat(names("contexts")).hasSize(threads + 1).containsAll(contexts);

        inParallel(contexts, name -> new KubeconfigMerger(kubeconfig()).remove(name));

        assertThat(names("clusters")).containsExactly("prod");
        assertThat(names("users")).containsExactly("prod");
        assertThat(names("contexts")).containsExactly("prod");
        assertThat(lockFile()).doesNotExist();
    }

    /** Separate JVMs share only the lock file: what six 'jminikube delete' at once rely on. */
    @Test
    void processesChangingDifferentContextsAllGetTheirChangeIn() throws Exception {
        writeProd();
        List<String> others = List.of("p1", "p2", "p3");
        List<Process> processes = new ArrayList<>();
        for (String name : others) {
            processes.add(new ProcessBuilder(javaBinary().toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Xshare:auto", "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                    KubeconfigMergerProcess.class.getName(), kubeconfig().toString(), name, "4")
                    .redirectErrorStream(true).start());
        }
        // This JVM takes part too, so the in-process and the file lock meet.
        KubeconfigMerger here = new KubeconfigMerger(kubeconfig());
        for (int round = 0; round < 4; round++) {
            here.merge(TestAccess.named("p0", 40000 + round));
            here.remove("p0");
        }
        here.merge(TestAccess.named("p0", 41000));

        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process finished").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
        }
        assertThat(names("contexts")).hasSize(5).contains("prod", "p0", "p1", "p2", "p3");
        assertThat(names("clusters")).hasSize(5).contains("prod", "p0", "p1", "p2", "p3");
        assertThat(names("users")).hasSize(5).contains("prod", "p0", "p1", "p2", "p3");
        assertThat(lockFile()).doesNotExist();
    }

    private interface Change {
        void make(String name) throws Exception;
    }

    /** Runs {@code change} for every name at once (all threads released together). */
    private static void inParallel(List<String> names, Change change) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (String name : names) {
                done.add(pool.submit(() -> {
                    go.await();
                    change.make(name);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<String> names(String section) throws IOException {
        JsonNode root = KubeconfigYaml.MAPPER.readTree(Files.readString(kubeconfig()));
        List<String> names = new ArrayList<>();
        root.path(section).forEach(entry -> names.add(entry.path("name").asText()));
        return names;
    }

    private static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java");
    }
}
