package dev.jminikube.drivers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** This host's resources: CPUs from the JVM, memory from /proc/meminfo on Linux, else from the OS MXBean. */
public final class SystemHostResources implements HostResources {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    @Override
    public int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public long totalMemoryMb() {
        return meminfoMb("MemTotal:").orElseGet(() -> os().getTotalMemorySize() / (1024 * 1024));
    }

    @Override
    public long availableMemoryMb() {
        // MXBean "free" memory excludes the page cache the kernel would give back, so it understates a lot.
        return meminfoMb("MemAvailable:").orElseGet(() -> os().getFreeMemorySize() / (1024 * 1024));
    }

    private static com.sun.management.OperatingSystemMXBean os() {
        return (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    private static java.util.Optional<Long> meminfoMb(String key) {
        try {
            List<String> lines = Files.readAllLines(MEMINFO);
            return lines.stream().filter(l -> l.startsWith(key))
                    .map(l -> Long.parseLong(l.substring(key.length()).replace("kB", "").strip()) / 1024)
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
