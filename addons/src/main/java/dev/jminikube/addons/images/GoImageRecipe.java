package dev.jminikube.addons.images;

import dev.jminikube.addons.AddonImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one locally built add-on image is made: a Go module shipped under
 * {@code dev/jminikube/addons/images/<sourceDir>/} (go.mod, go.sum, main.go) is built into one static binary,
 * which becomes the image's only file and its entrypoint.
 *
 * @param binary       the binary's path in the image, e.g. {@code /coredns}
 * @param exposedPorts e.g. {@code 53/udp}
 */
public record GoImageRecipe(AddonImage image, String sourceDir, String binary, List<String> exposedPorts) {
    static final String RESOURCE_DIR = "/dev/jminikube/addons/images/";
    static final List<String> SOURCE_FILES = List.of("go.mod", "go.sum", "main.go");

    public GoImageRecipe {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(sourceDir, "sourceDir");
        if (!binary.startsWith("/")) {
            throw new IllegalArgumentException("the binary's path in the image must be absolute: " + binary);
        }
        exposedPorts = List.copyOf(exposedPorts);
    }

    /** The module's files, by name, as shipped in the jar. */
    public Map<String, byte[]> sources() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : SOURCE_FILES) {
            files.put(name, resource(sourceDir + "/" + name));
        }
        return files;
    }

    static byte[] resource(String relative) {
        try (InputStream in = GoImageRecipe.class.getResourceAsStream(RESOURCE_DIR + relative)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE_DIR + relative + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }
}
