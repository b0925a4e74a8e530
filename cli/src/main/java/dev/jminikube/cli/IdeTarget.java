package dev.jminikube.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the run configurations of {@code jminikube ide} point at.
 *
 * @param profile    the cluster the configurations start
 * @param launcher   the command that runs jminikube: the launcher script's absolute path, or {@code jminikube}
 * @param kubeconfig the profile's own kubeconfig, which the user's program gets as KUBECONFIG
 * @param mainClass  the user's program, when it should get a configuration that starts the cluster first
 * @param module     the IntelliJ module holding {@code mainClass}, when the project says which
 */
record IdeTarget(String profile, String launcher, Path kubeconfig, Optional<String> mainClass,
                 Optional<String> module) {
    /** What runs {@code jminikube start} for the profile, as one shell command line. */
    String startCommandLine() {
        return shellQuoted(launcher) + " start -p " + profile; // profile names need no quoting (ProfileName)
    }

    /** The configuration name that starts the cluster; the program's configuration runs it by this name. */
    String startName() {
        return "jminikube start (" + profile + ")";
    }

    /** "Main on jminikube" for {@code com.example.Main}. */
    Optional<String> programName() {
        return mainClass.map(c -> c.substring(c.lastIndexOf('.') + 1) + " on jminikube");
    }

    static String shellQuoted(String word) {
        return word.matches("[A-Za-z0-9_./:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
