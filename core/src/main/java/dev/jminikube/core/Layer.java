package dev.jminikube.core;

/**
 * The layer a failure belongs to. Each layer owns a band of ten exit codes, so a script can tell
 * "my input was wrong" (1x) from "the hypervisor failed" (5x) from "Kubernetes did not come up" (8x)
 * without parsing text.
 */
public enum Layer {
    PROGRAM(10),
    RESOURCE(20),
    HOST(30),
    NETWORK(40),
    DRIVER(50),
    GUEST(60),
    RUNTIME(70),
    CONTROL_PLANE(80),
    SERVICE(90);

    private final int band;

    Layer(int band) {
        this.band = band;
    }

    public int band() {
        return band;
    }
}
