package dev.jminikube.iso;

import dev.jminikube.core.HostOs;
import dev.jminikube.core.ToolLocator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** {@link HostTools} of the real host, with PATH and the user taken from the given environment. */
public final class SystemHostTools implements HostTools {
    private final Map<String, String> variables;

    public SystemHostTools(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    @Override
    public Optional<Path> which(String tool) {
        String path = variables.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        // Tools such as mkfs and mmdebstrap live in sbin, which a non-root PATH may lack.
        path = path + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        return new ToolLocator(path, HostOs.LINUX).find(tool);
    }

    @Override
    public boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public long usableSpace(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Long.MAX_VALUE : p.toFile().getUsableSpace();
    }
}
