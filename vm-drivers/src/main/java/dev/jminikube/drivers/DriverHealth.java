package dev.jminikube.drivers;

/**
 * The result of a driver's health check (minikube's registry.State).
 *
 * @param installed the driver's tools were found on this host
 * @param healthy   the tools work (a version query ran within the time limit)
 * @param error     what is wrong, or null when healthy
 * @param fix       a paste-ready command or instruction that fixes it, or null
 * @param doc       a URL or document to read for more, or null
 */
public record DriverHealth(boolean installed, boolean healthy, String error, String fix, String doc) {

    public static DriverHealth ok() {
        return new DriverHealth(true, true, null, null, null);
    }

    public static DriverHealth notInstalled(String error, String fix, String doc) {
        return new DriverHealth(false, false, error, fix, doc);
    }

    public static DriverHealth unhealthy(String error, String fix, String doc) {
        return new DriverHealth(true, false, error, fix, doc);
    }
}
