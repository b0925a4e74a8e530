package dev.jminikube.api;

/**
 * What a command run in the node left.
 *
 * @param exitCode its exit code (-1 when it timed out)
 * @param stdout   its standard output
 * @param stderr   its standard error
 */
public record SshResult(int exitCode, String stdout, String stderr) {
    /** True for exit code 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
