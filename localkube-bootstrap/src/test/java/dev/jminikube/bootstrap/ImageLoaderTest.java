package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.guest.GuestShare;
import dev.jminikube.core.exec.CommandFailedException;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {
    private static final String PAUSE = "registry.k8s.io/pause:3.9";
    private static final String CTR_LS = "ctr -n k8s.io images ls -q name==" + PAUSE;

    @TempDir
    Path dir;
    private Path tar;
    private final RecordingCommandRunner guest = new RecordingCommandRunner();

    @BeforeEach
    void imageTar() throws Exception {
        tar = Files.write(dir.resolve("pause.tar"), new byte[] {1, 2, 3});
    }

    @Test
    void containerdThatHasTheImageImportsNothing() {
        guest.whenRun("ctr", "-n", "k8s.io", "images", "ls").thenOutput(PAUSE + "\n");
        assertThat(new ImageLoader(guest, ContainerRuntime.CONTAINERD).loadIfMissing(tar, PAUSE)).isFalse();
        assertThat(guest.commandsRun()).containsExactly(CTR_LS);
        assertThat(guest.copies()).isEmpty();
    }

    @Test
    void containerdWithoutTheImageCopiesAndImportsIntoK8sIo() {
        guest.whenRun("ctr", "-n", "k8s.io", "images", "ls").thenOutput("");
        assertThat(new ImageLoader(guest, ContainerRuntime.CONTAINERD).loadIfMissing(tar, PAUSE)).isTrue();

        assertThat(guest.copies()).hasSize(1);
        String target = guest.copies().get(0).target();
        assertThat(target).matches("/tmp/jmk-image-[0-9a-f]+\\.tar");
        assertThat(guest.copies().get(0).source()).isEqualTo(tar);
        assertThat(guest.commandsRun()).containsExactly(CTR_LS, "ctr -n k8s.io images import " + target,
                "rm -f " + target);
    }

    @Test
    void dockerLoadsWithDockerLoad() {
        guest.whenRun("docker", "image", "inspect").thenReturn(1, "[]", "Error: No such image: " + PAUSE);
        assertThat(new ImageLoader(guest, ContainerRuntime.DOCKER).loadIfMissing(tar, PAUSE)).isTrue();
        String target = guest.copies().get(0).target();
        assertThat(guest.commandsRun()).containsExactly("docker image inspect " + PAUSE, "docker load -i " + target,
                "rm -f " + target);
    }

    @Test
    void dockerThatHasTheImageLoadsNothing() {
        assertThat(new ImageLoader(guest, ContainerRuntime.DOCKER).loadIfMissing(tar, PAUSE)).isFalse();
        assertThat(guest.copies()).isEmpty();
    }

    @Test
    void failedImportStillRemovesTheCopy() {
        guest.whenRun("ctr", "-n", "k8s.io", "images", "import").thenReturn(1, "", "ctr: unrecognized image format");
        assertThatThrownBy(() -> new ImageLoader(guest, ContainerRuntime.CONTAINERD).load(tar))
                .isInstanceOf(CommandFailedException.class);
        String target = guest.copies().get(0).target();
        assertThat(guest.commandsRun()).last().isEqualTo("rm -f " + target);
    }

    @Test
    void aTarUnderTheShareIsImportedWhereItLiesWithoutACopy() {
        guest.whenRun("ctr", "-n", "k8s.io", "images", "ls").thenOutput("");
        ImageLoader loader = new ImageLoader(guest, ContainerRuntime.CONTAINERD,
                Optional.of(new GuestShare(dir.getParent(), "jmkshare")));

        assertThat(loader.loadIfMissing(tar, PAUSE)).isTrue();

        assertThat(guest.copies()).isEmpty();
        String shared = "/mnt/jmkshare/" + dir.getFileName() + "/pause.tar";
        assertThat(guest.commandsRun()).hasSize(3);
        assertThat(guest.commandsRun().get(1)).contains("mount -t 9p").contains("jmkshare");
        assertThat(guest.commandsRun().get(2)).isEqualTo("ctr -n k8s.io images import " + shared);
    }

    @Test
    void aTarOutsideTheShareOrAShareThatWillNotMountIsCopiedOverSsh() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("cache"));
        new ImageLoader(guest, ContainerRuntime.DOCKER, Optional.of(new GuestShare(elsewhere, "jmkshare"))).load(tar);
        assertThat(guest.copies()).hasSize(1);
        assertThat(guest.commandsRun()).noneMatch(l -> l.contains("mount"));

        RecordingCommandRunner noNinePee = new RecordingCommandRunner();
        noNinePee.whenCommandMatches("mount -t 9p").thenReturn(32, "", "mount: unknown filesystem type '9p'");
        new ImageLoader(noNinePee, ContainerRuntime.DOCKER, Optional.of(new GuestShare(dir, "jmkshare"))).load(tar);
        assertThat(noNinePee.copies()).hasSize(1);
        assertThat(noNinePee.commandsRun()).anyMatch(l -> l.startsWith("docker load -i /tmp/jmk-image-"));
    }

    @Test
    void severalTarsUnderTheShareMountItOnce() throws Exception {
        Path second = Files.writeString(dir.resolve("coredns.tar"), "tar");
        ImageLoader loader = new ImageLoader(guest, ContainerRuntime.CONTAINERD,
                Optional.of(new GuestShare(dir.getParent(), "jmkshare")));
        loader.load(tar);
        loader.load(second);
        assertThat(guest.commandsRun()).filteredOn(l -> l.contains("mount -t 9p")).hasSize(1);
        assertThat(guest.commandsRun()).filteredOn(l -> l.startsWith("ctr -n k8s.io images import /mnt/jmkshare/"))
                .hasSize(2);
        assertThat(guest.copies()).isEmpty();
    }
}
