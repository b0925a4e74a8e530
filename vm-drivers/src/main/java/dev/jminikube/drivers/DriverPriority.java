package dev.jminikube.drivers;

/** How eagerly a driver is chosen when the user names none; higher ordinals win (minikube's registry.Priority). */
public enum DriverPriority {
    /** Only if the user asks for it by name. */
    DISCOURAGED,
    /** When nothing better is healthy. */
    FALLBACK,
    DEFAULT,
    PREFERRED
}
