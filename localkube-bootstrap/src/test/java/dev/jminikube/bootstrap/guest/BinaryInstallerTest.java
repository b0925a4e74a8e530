package dev.jminikube.bootstrap.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.core.Sha256;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryInstallerTest {
    private static final KubernetesVersion V = KubernetesVersion.parse("v1.20.2");
    private static final String TARGET = "/var/lib/jminikube-node/bin/v1.20.2";
    private static final String PARTIAL = TARGET + ".partial";
    private static final String TAG = "jmkcache";

    @TempDir
    Path cacheRoot;

    private Path hostDir;
    private String manifest;
    private final RecordingCommandRunner guest = new RecordingCommandRunner();

    @BeforeEach
    void fakeBinaries() throws Exception {
        hostDir = Files.createDirectories(cacheRoot.resolve("v1.20.2/linux-amd64"));
        StringBuilder files = new StringBuilder();
        for (String name : List.of("kubelet", "kube-apiserver", "kubectl")) {
            byte[] content = ("#!/bin/sh\necho fake " + name + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(hostDir.resolve(name), content);
            files.append(files.length() == 0 ? "" : ",").append('"').append(name).append("\":\"")
                    .append(Sha256.of(content)).append('"');
        }
        manifest = "{\"version\":\"v1.20.2\",\"arch\":\"amd64\",\"source\":\"x\",\"files\":{" + files + "}}";
        Files.writeString(hostDir.resolve("manifest.json"), manifest);
    }

    private BinaryInstaller.Outcome install(Optional<Path> share) {
        return new BinaryInstaller(guest).install(V, hostDir, share.map(root -> new GuestShare(root, TAG)));
    }

    @Test
    void sameManifestInTheGuestMeansNothingToDo() {
        guest.whenRun("cat", TARGET + "/manifest.json").thenOutput(manifest);
        assertThat(install(Optional.of(cacheRoot))).isEqualTo(BinaryInstaller.Outcome.ALREADY_INSTALLED);
        assertThat(guest.commandsRun()).containsExactly("cat " + TARGET + "/manifest.json");
        assertThat(guest.copies()).isEmpty();
        assertThat(guest.writes()).isEmpty();
    }

    @Test
    void withTheShareCopiesInsideTheGuestThenVerifiesThenRenames() {
        guest.whenRun("cat", TARGET + "/manifest.json").thenReturn(1, "", "No such file or directory");

        assertThat(install(Optional.of(cacheRoot))).isEqualTo(BinaryInstaller.Outcome.COPIED_FROM_SHARE);

        assertThat(guest.copies()).isEmpty();
        List<List<String>> argvs = guest.runs().stream().map(RecordingCommandRunner.Run::argv).toList();
        assertThat(argvs).contains(List.of("cp", "/mnt/jmkshare/v1.20.2/linux-amd64/kube-apiserver",
                "/mnt/jmkshare/v1.20.2/linux-amd64/kubectl", "/mnt/jmkshare/v1.20.2/linux-amd64/kubelet",
                PARTIAL + "/"));
        List<String> lines = guest.commandsRun();
        int mount = indexOf(lines, "mount -t 9p");
        int cp = indexOf(lines, "cp /mnt/jmkshare/");
        int verify = indexOf(lines, "sha256sum -c");
        int mv = indexOf(lines, "mv " + PARTIAL + " " + TARGET);
        assertThat(lines.get(mount)).contains(TAG).contains("ro");
        assertThat(List.of(mount, cp, verify, mv)).isSorted();
        assertThat(guest.fileText(PARTIAL + "/manifest.json")).isEqualTo(manifest);
        assertThat(guest.fileText(PARTIAL + "/SHA256SUMS")).contains("  kubelet\n").contains("  kubectl\n")
                .containsPattern("(?m)^[0-9a-f]{64}  kube-apiserver$");
    }

    @Test
    void withoutAWorkingShareCopiesEachFileOverSsh() {
        guest.whenCommandMatches("mount -t 9p").thenReturn(32, "", "mount: unknown filesystem type '9p'");

        assertThat(install(Optional.of(cacheRoot))).isEqualTo(BinaryInstaller.Outcome.COPIED_OVER_SSH);

        assertThat(guest.copies()).extracting(RecordingCommandRunner.Copy::target).containsExactlyInAnyOrder(
                PARTIAL + "/kubelet", PARTIAL + "/kube-apiserver", PARTIAL + "/kubectl");
        assertThat(guest.copies()).allSatisfy(c -> assertThat(c.mode()).isEqualTo(0755));
        assertThat(guest.fileText(PARTIAL + "/kubelet")).contains("echo fake kubelet");
        assertThat(guest.commandsRun()).noneMatch(l -> l.startsWith("cp "))
                .anyMatch(l -> l.contains("sha256sum -c")).anyMatch(l -> l.contains("mv " + PARTIAL));
    }

    @Test
    void withoutAShareAtAllDoesNotTryToMount() {
        assertThat(install(Optional.empty())).isEqualTo(BinaryInstaller.Outcome.COPIED_OVER_SSH);
        assertThat(guest.commandsRun()).noneMatch(l -> l.contains("mount"));
        assertThat(guest.copies()).hasSize(3);
    }

    @Test
    void checksumMismatchRemovesThePartialAndInstallsNothing() {
        guest.whenCommandMatches("sha256sum -c").thenReturn(1, "kubelet: FAILED",
                "sha256sum: WARNING: 1 computed checksum did NOT match");

        assertThatThrownBy(() -> install(Optional.of(cacheRoot)))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.K8S_BINARY_CHECKSUM);
                    assertThat(e.getMessage()).contains("kubelet: FAILED");
                });
        List<String> lines = guest.commandsRun();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("rm -rf " + PARTIAL);
        assertThat(lines).noneMatch(l -> l.contains("mv "));
    }

    @Test
    void aDirectoryWithoutManifestIsUnavailable() throws Exception {
        Files.delete(hostDir.resolve("manifest.json"));
        assertThatThrownBy(() -> install(Optional.empty()))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.K8S_BINARIES_UNAVAILABLE));
        assertThat(guest.calls()).isEmpty();
    }

    @Test
    void checksumListIsSha256sumFormat() {
        assertThat(BinaryInstaller.checksumList(new java.util.TreeMap<>(java.util.Map.of("a", "11", "b", "22"))))
                .isEqualTo("11  a\n22  b\n");
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no command containing '" + fragment + "' in " + lines);
    }
}
