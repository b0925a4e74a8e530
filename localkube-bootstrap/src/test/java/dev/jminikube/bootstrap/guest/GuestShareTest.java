package dev.jminikube.bootstrap.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.exec.RecordingCommandRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GuestShareTest {
    private final GuestShare share = new GuestShare(Path.of("/home/u/.jminikube/cache"), "jmkshare");

    @Test
    void filesUnderTheRootMapUnderTheMountPoint() {
        assertThat(share.guestPathOf(Path.of("/home/u/.jminikube/cache/images/pause.tar")))
                .contains("/mnt/jmkshare/images/pause.tar");
        assertThat(share.guestPathOf(Path.of("/home/u/.jminikube/cache"))).contains("/mnt/jmkshare");
    }

    @Test
    void filesOutsideTheRootOrEscapingItDoNotMap() {
        assertThat(share.guestPathOf(Path.of("/home/u/.jminikube/cache2/x.tar"))).isEmpty();
        assertThat(share.guestPathOf(Path.of("/home/u/.jminikube/cache/../machines/p/disk.qcow2"))).isEmpty();
        assertThat(share.guestPathOf(Path.of("/tmp/x.tar"))).isEmpty();
    }

    @Test
    void mountIsReadOnlyAndSkippedWhenAlreadyMounted() {
        RecordingCommandRunner guest = new RecordingCommandRunner();
        assertThat(share.mount(guest)).isTrue();
        assertThat(guest.commandsRun()).singleElement().asString()
                .startsWith("sh -c 'mountpoint -q /mnt/jmkshare ||").contains("ro,").contains("jmkshare");
    }
}
