package dev.jminikube.bootstrap.binaries;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.Locale;

/** The CPU architectures Kubernetes binaries are fetched for, by the names release trees use. */
public enum LinuxArch {
    AMD64("amd64"), ARM64("arm64");

    private final String goName;

    LinuxArch(String goName) {
        this.goName = goName;
    }

    /** {@code amd64} / {@code arm64}: the directory names under {@code bin/linux/} and the image config's architecture. */
    public String goName() {
        return goName;
    }

    /** Maps Java's {@code os.arch} (amd64, x86_64, aarch64) or a Go name to an architecture. */
    public static LinuxArch fromName(String name) {
        String value = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "amd64", "x86_64", "x86-64" -> AMD64;
            case "arm64", "aarch64" -> ARM64;
            default -> throw new JmkException(Reason.DRIVER_UNSUPPORTED_OS,
                    "CPU architecture '" + name + "' is not supported; Kubernetes binaries exist here for amd64 and arm64");
        };
    }

    @Override
    public String toString() {
        return goName;
    }
}
