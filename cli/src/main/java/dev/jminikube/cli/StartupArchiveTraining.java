package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the launcher runs once per built jar with {@code -XX:ArchiveClassesAtExit}: the quick commands (help,
 * version, status and ip of a missing and of a stopped machine, status of the default profile, profile list), in a throw-away JMINIKUBE_HOME, so that the
 * class-data archive holds the classes those commands load and later runs map them instead of loading them
 * from the jar. Output is discarded; nothing outside the temporary directory is touched.
 */
public final class StartupArchiveTraining {
    private StartupArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("jminikube-cds-training");
        try {
            Environment env = Environment.from(Map.of("JMINIKUBE_HOME", home.toString(),
                    "KUBECONFIG", home.resolve("kubeconfig").toString()), home, System.getProperty("os.name"),
                    System.getProperty("os.arch"));
            MachineConfigFile.write(home.resolve("machines").resolve("stopped").resolve("config.yaml"),
                    new MachineConfig("stopped", "qemu", 2, 2200, 20000, home.resolve("node.iso"), List.of(), null, true));
            List<List<String>> commands = List.of(List.of("--help"), List.of("version"), List.of("--version"),
                    List.of("status", "-p", "missing"), List.of("status", "-p", "missing", "-o", "json"),
                    List.of("status", "-p", "stopped"), List.of("ip", "-p", "stopped"), List.of("ip", "-p", "missing"),
                    List.of("status", "--help"), List.of("status"), List.of("profile", "list"));
            for (List<String> command : commands) {
                StringWriter sink = new StringWriter();
                new Jminikube(env).run(new PrintWriter(sink), new PrintWriter(sink), command.toArray(String[]::new));
            }
        } finally {
            Trees.delete(home);
        }
    }
}
