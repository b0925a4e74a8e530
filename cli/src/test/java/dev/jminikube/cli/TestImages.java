package dev.jminikube.cli;

import dev.jminikube.bootstrap.binaries.LinuxArch;
import dev.jminikube.bootstrap.images.BusyboxHttpdImage;
import dev.jminikube.bootstrap.images.ImageTarWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo's workload image, built here from Debian's static busybox (no registry is reachable). */
final class TestImages {
    static final String BUSYBOX_HTTPD = BusyboxHttpdImage.TAG;
    static final String HELLO = BusyboxHttpdImage.INDEX_HTML.strip();

    private TestImages() {
    }

    static void busyboxHttpd(Path tar) throws IOException {
        Path busybox = BusyboxHttpdImage.DEBIAN_BUSYBOX_STATIC;
        if (!Files.isRegularFile(busybox)) {
            throw new IllegalStateException(busybox + " missing: apt-get install busybox-static (scripts/install-prereqs does)");
        }
        ImageTarWriter.write(BusyboxHttpdImage.of(busybox, LinuxArch.AMD64), tar);
    }
}
