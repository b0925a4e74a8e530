package dev.jminikube.cli;

import dev.jminikube.cluster.mount.MountProcess;
import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.MachinePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code start --mount}: runs {@code jminikube mount -p NAME HOST_DIR:NODE_DIR} as a background process (this same
 * program, in its own session so closing the terminal does not end it), as minikube's start does. Its output goes to
 * {@link MachinePaths#mountLog}; it is recorded as the profile's {@link MountProcess} before it is waited for, so a
 * start killed meanwhile still leaves it for {@code stop} and {@code delete} to end.
 */
final class MountDaemon {
    /** The line {@link MountCommand} prints once the node has mounted the directory. */
    static final String MOUNTED = "Successfully mounted";
    /** Under TCG the JVM's start and the node's mount take a few seconds; a stuck SSH connection takes longer. */
    static final Duration PATIENCE = Duration.ofSeconds(120);

    /** Starts a process with {@code environment} added, stdout and stderr to {@code log}. */
    interface Launcher {
        Process launch(List<String> argv, Map<String, String> environment, Path log) throws IOException;
    }

    static final Launcher PROCESSES = (argv, environment, log) -> {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close(); // no standard input: the mount reads none
        return process;
    };

    private final Environment env;
    private final Launcher launcher;
    private final List<String> program;
    private final Duration patience;

    /**
     * @param program how to run this program: the java command, its class path and main class (see {@link #thisJvm})
     */
    MountDaemon(Environment env, Launcher launcher, List<String> program, Duration patience) {
        this.env = env;
        this.launcher = launcher;
        this.program = List.copyOf(program);
        this.patience = patience;
    }

    /** This JVM's java, class path and {@link Main}, behind {@code setsid} where Linux has it. */
    static List<String> thisJvm(Environment env) {
        List<String> argv = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (env.os() == HostOs.LINUX && Files.isExecutable(setsid)) {
            argv.add(setsid.toString());
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", env.os() == HostOs.WINDOWS ? "java.exe" : "java");
        argv.addAll(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return argv;
    }

    /**
     * Ends the profile's earlier mount process (its directory or node path may differ), starts one for
     * {@code spec} and waits until it has mounted. Returns its "Successfully mounted" line.
     *
     * @throws JmkException with the mount process's own reason when it exited with an "X Exiting due to" line,
     *     GUEST_MOUNT when it exited without one or did not mount in time (then it is ended)
     */
    String start(String profile, String spec) {
        MachinePaths paths = MachinePaths.of(env.machinesDir(), profile);
        MountProcess.end(paths, MountProcess.UNMOUNT_GRACE);
        List<String> argv = new ArrayList<>(program);
        argv.addAll(List.of("mount", "-p", profile, spec));
        Process process;
        try {
            Files.deleteIfExists(paths.mountLog());
            process = launcher.launch(argv, Map.of("JMINIKUBE_HOME", env.home().toString(),
                    "KUBECONFIG", env.kubeconfig().toString()), paths.mountLog());
        } catch (IOException e) {
            throw new UncheckedIOException("starting the mount process (" + String.join(" ", argv) + ")", e);
        }
        MountProcess.record(paths, process.toHandle(), spec);
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Optional<String> mounted = log(paths).lines().filter(l -> l.contains(MOUNTED)).findFirst();
            if (mounted.isPresent()) {
                return mounted.get().replaceFirst("^\\* ", "");
            }
            if (!process.isAlive()) {
                JmkException failure = exited(paths, process.exitValue());
                MountProcess.end(paths, MountProcess.UNMOUNT_GRACE); // only its record is left to remove
                throw failure;
            }
            if (System.nanoTime() > deadline) {
                MountProcess.end(paths, MountProcess.UNMOUNT_GRACE);
                throw new JmkException(Reason.GUEST_MOUNT, "the mount process did not mount " + spec + " within "
                        + patience.toSeconds() + " s; its log is " + paths.mountLog());
            }
            sleep();
        }
    }

    /** The mount process's failure as it printed it (reason, message, advice), else GUEST_MOUNT naming its log. */
    private static JmkException exited(MachinePaths paths, int code) {
        List<String> lines = log(paths).lines().toList();
        Optional<String> xLine = lines.stream().filter(l -> l.startsWith("X Exiting due to ")).findFirst();
        Optional<String> advice = lines.stream().filter(l -> l.startsWith("* Advice: ")).findFirst()
                .map(l -> l.substring("* Advice: ".length()));
        if (xLine.isPresent()) {
            String rest = xLine.get().substring("X Exiting due to ".length());
            int colon = rest.indexOf(": ");
            String id = colon < 0 ? rest : rest.substring(0, colon);
            Optional<Reason> reason = Arrays.stream(Reason.values()).filter(r -> r.id().equals(id)).findFirst();
            if (reason.isPresent() && colon >= 0) {
                JmkException e = new JmkException(reason.get(), "the mount process: " + rest.substring(colon + 2));
                return advice.map(e::withAdvice).orElse(e);
            }
        }
        String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        return new JmkException(Reason.GUEST_MOUNT, "the mount process exited " + code + " (" + last + "); its log is "
                + paths.mountLog());
    }

    private static String log(MachinePaths paths) {
        try {
            return Files.readString(paths.mountLog(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + paths.mountLog(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JmkException(Reason.GUEST_MOUNT, "interrupted while waiting for the mount process");
        }
    }
}
