package dev.jminikube.core;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an executable on the PATH of the given environment (not this JVM's), like {@code command -v}. */
public final class ToolLocator {
    private final String path;
    private final HostOs os;

    public ToolLocator(Environment environment) {
        this(environment.variable("PATH").or(() -> environment.variable("Path")).orElse(""), environment.os());
    }

    public ToolLocator(String path, HostOs os) {
        this.path = path;
        this.os = os;
    }

    public Optional<Path> find(String name) {
        String file = os == HostOs.WINDOWS && !name.endsWith(".exe") ? name + ".exe" : name;
        for (String dir : path.split(os == HostOs.WINDOWS ? ";" : File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(file);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
