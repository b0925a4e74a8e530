package dev.jminikube.drivers.qemu;

/**
 * The accelerator to boot with, and a one-line warning for the user when it is the slow fallback.
 *
 * @param warning null when hardware acceleration works
 */
public record AccelChoice(Accel accel, String warning) {
}
