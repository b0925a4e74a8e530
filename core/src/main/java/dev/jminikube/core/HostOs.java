package dev.jminikube.core;

import java.util.Locale;

/** The host operating system, as the drivers and install hints need to know it. */
public enum HostOs {
    LINUX, MACOS, WINDOWS, OTHER;

    public static HostOs fromOsName(String osName) {
        String n = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (n.startsWith("linux")) {
            return LINUX;
        }
        if (n.startsWith("mac") || n.startsWith("darwin")) {
            return MACOS;
        }
        if (n.startsWith("windows")) {
            return WINDOWS;
        }
        return OTHER;
    }
}
