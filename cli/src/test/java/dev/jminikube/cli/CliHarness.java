package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.MachineSpec;
import java.net.URI;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Runs CLI command lines in-process against a JMINIKUBE_HOME of the test's, capturing what they print. */
final class CliHarness {
    record Run(int code, String out, String err) {
    }

    private final Jminikube cli;
    private final Environment env;
    private final boolean echo;

    /**
     * @param base variables the commands see (JMINIKUBE_HOME is set on top)
     * @param echo print each command and its output to the test log (for VM tests, where a failure needs it)
     */
    CliHarness(Path home, Map<String, String> base, boolean echo) {
        this(home, home, base, echo);
    }

    /** @param workingDir the directory the commands are run in (what {@code ide} writes into by default) */
    CliHarness(Path home, Path workingDir, Map<String, String> base, boolean echo) {
        Map<String, String> vars = new HashMap<>(base);
        vars.put("JMINIKUBE_HOME", home.toString());
        this.env = Environment.from(vars, home, workingDir, "Linux", System.getProperty("os.arch"));
        this.cli = new Jminikube(env);
        this.echo = echo;
    }

    /** A reach that finds the API server at {@code apiServer} and the node as {@code node}, asking no machine. */
    static ClusterReach fixedReach(URI apiServer, CommandRunner node) {
        return new ClusterReach() {
            @Override
            public URI apiServer(MachineManager machines, String profile) {
                return apiServer;
            }

            @Override
            public CommandRunner guest(MachineManager machines, String profile) {
                return node;
            }
        };
    }

    /** One command line in {@code env}, reaching the cluster through {@code reach}; its output captured. */
    static Run run(Environment env, ClusterReach reach, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Jminikube(env, reach).run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * A created machine made of its files alone, {@code machines/<profile>/config.yaml} (2 CPUs, 2200 MB, 20000 MB
     * disk): a none machine reads as running from it. Returns the machine's directory.
     */
    static Path createdMachine(Path home, String profile, String driver) {
        Path dir = home.resolve("machines").resolve(profile);
        MachineConfigFile.write(dir.resolve("config.yaml"), MachineConfig.fromSpec(new MachineSpec(profile, driver, 2,
                2200, 20000, home.resolve("node.iso"), Duration.ofMinutes(1)), driver).withCreated(true));
        return dir;
    }

    /** The run's "X Exiting due to ..." line; fails the test when there is none. */
    static String exitLine(Run r) {
        return r.err().lines().filter(l -> l.startsWith("X Exiting due to")).findFirst().orElseThrow(
                () -> new AssertionError("no exit line in: " + r.err()));
    }

    /** The environment the commands see. */
    Environment environment() {
        return env;
    }

    private final long created = System.nanoTime();

    /** Time since the harness was made, so a test log shows where its minutes went. */
    private String since() {
        return String.format("t+%.0fs", (System.nanoTime() - created) / 1e9);
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = cli.run(new PrintWriter(out), new PrintWriter(err), args);
        if (echo) {
            System.out.println("$ jminikube " + String.join(" ", args) + " -> " + code + "  [" + since() + "]\n" + out + err);
        }
        return new Run(code, out.toString(), err.toString());
    }

    /** A command that runs until interrupted (e.g. {@code dashboard}), in a thread of its own. */
    final class Background implements AutoCloseable {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final Thread thread;
        private volatile int code = -1;

        private Background(String... args) {
            thread = new Thread(() -> code = cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args),
                    "jminikube " + String.join(" ", args));
            thread.setDaemon(true);
            thread.start();
        }

        /** The first line of its output matching {@code pattern}, waiting up to {@code timeout}. */
        String awaitLine(java.util.regex.Pattern pattern, java.time.Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                java.util.Optional<String> line = out.toString().lines().filter(l -> pattern.matcher(l).find()).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
                if (!thread.isAlive()) {
                    throw new AssertionError("the command ended with " + code + " before printing " + pattern + ":\n"
                            + out + err);
                }
                Thread.sleep(200);
            }
            throw new AssertionError("no line matching " + pattern + " within " + timeout + ":\n" + out + err);
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
            if (echo) {
                System.out.println("$ " + thread.getName() + " (stopped) -> " + code + "\n" + out + err);
            }
        }
    }

    Background background(String... args) {
        return new Background(args);
    }
}
