package dev.jminikube.bootstrap.images;

import dev.jminikube.bootstrap.binaries.LinuxArch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A web server image for tests and the demo, from a static busybox (Debian's busybox-static installs one
 * at /bin/busybox): serves {@code /www/index.html} on port 80.
 */
public final class BusyboxHttpdImage {
    public static final String TAG = "jminikube.local/busybox-httpd:1";
    public static final String INDEX_HTML = "Hello from jminikube\n";
    /** Where Debian's busybox-static puts the binary. */
    public static final Path DEBIAN_BUSYBOX_STATIC = Path.of("/bin/busybox");

    private BusyboxHttpdImage() {
    }

    public static ContainerImage of(Path staticBusybox, LinuxArch arch) {
        ImageLayer layer = ImageLayer.builder()
                .directory("/bin", 0755)
                .file("/bin/busybox", 0755, staticBusybox)
                .symlink("/bin/sh", "busybox")
                .symlink("/bin/httpd", "busybox")
                .directory("/www", 0755)
                .file("/www/index.html", 0644, INDEX_HTML.getBytes(StandardCharsets.UTF_8))
                .build();
        ImageConfig config = new ImageConfig(arch.goName(), List.of(),
                List.of("/bin/busybox", "httpd", "-f", "-v", "-p", "80", "-h", "/www"),
                List.of(ImageConfig.DEFAULT_PATH), "/", List.of("80/tcp"));
        return new ContainerImage(List.of(TAG), config, List.of(layer));
    }
}
