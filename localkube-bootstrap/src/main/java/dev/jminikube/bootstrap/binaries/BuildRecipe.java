package dev.jminikube.bootstrap.binaries;

import dev.jminikube.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A build script bundled under {@code dev/jminikube/bootstrap/build/}, run as
 * {@code bash SCRIPT OUT_DIR WORK_DIR}. Its sha256 goes into the cache manifest so a cached set can be traced
 * back to the recipe that built it.
 */
public record BuildRecipe(String fileName, byte[] script) {
    private static final String RESOURCE_DIR = "/dev/jminikube/bootstrap/build/";

    public BuildRecipe {
        script = script.clone();
    }

    public static BuildRecipe fromClasspath(String fileName) {
        try (InputStream in = BuildRecipe.class.getResourceAsStream(RESOURCE_DIR + fileName)) {
            if (in == null) {
                throw new IllegalStateException("build recipe " + RESOURCE_DIR + fileName + " is not on the classpath");
            }
            return new BuildRecipe(fileName, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build recipe " + fileName, e);
        }
    }

    @Override
    public byte[] script() {
        return script.clone();
    }

    public String sha256() {
        return Sha256.of(script);
    }
}
