package dev.jminikube.bootstrap.logs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Picks the lines of a component's journal that point at a problem, for {@code logs --problems}:
 * klog's error and fatal lines ({@code E0102 ...}, {@code F0102 ...}), Go panics and runtime
 * fatals, and the usual words etcd and systemd use when something is wrong.
 */
public final class ProblemLines {
    private static final Pattern PROBLEM = Pattern.compile(
            "(^|\\s)[EF]\\d{4} \\d{2}:\\d{2}:\\d{2}"         // klog severity E/F + MMDD hh:mm:ss
                    + "|\"level\":\"(error|fatal|panic)\""  // etcd's JSON logs
                    + "|^panic:|fatal error:|goroutine \\d+ \\[running\\]"
                    + "|level=(error|fatal)"                // containerd, docker
                    + "|Failed with result|Main process exited, code=(exited|killed|dumped)");

    private ProblemLines() {
    }

    public static boolean isProblem(String line) {
        return PROBLEM.matcher(line).find();
    }

    public static List<String> filter(List<String> lines) {
        return lines.stream().filter(ProblemLines::isProblem).toList();
    }
}
