package dev.jminikube.drivers.hyperv;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.ToolLocator;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * powershell.exe (Windows PowerShell 5.1, which has the Hyper-V module) or pwsh, run once per script.
 * The script travels as {@code -EncodedCommand} (UTF-16LE, base64): no quoting of paths with spaces or
 * quotes through Windows' command-line parsing can go wrong that way.
 */
public final class ProcessPowerShell implements PowerShell {
    private final CommandRunner local;
    private final Path executable;

    public ProcessPowerShell(CommandRunner local, Path executable) {
        this.local = local;
        this.executable = executable;
    }

    /** powershell on the PATH, then Windows' own location under %SystemRoot%, then pwsh (PowerShell 7). */
    public static Optional<Path> locate(Environment env) {
        ToolLocator tools = new ToolLocator(env);
        Optional<Path> onPath = tools.find("powershell");
        if (onPath.isPresent()) {
            return onPath;
        }
        if (env.os() == HostOs.WINDOWS) {
            Optional<Path> system = env.variable("SystemRoot").or(() -> env.variable("SYSTEMROOT"))
                    .map(root -> Path.of(root, "System32", "WindowsPowerShell", "v1.0", "powershell.exe"))
                    .filter(Files::isRegularFile);
            if (system.isPresent()) {
                return system;
            }
        }
        return tools.find("pwsh");
    }

    /** The argv for one script. */
    List<String> argv(String script) {
        return List.of(executable.toString(), "-NoProfile", "-NonInteractive", "-EncodedCommand", encode(script));
    }

    static String encode(String script) {
        return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }

    @Override
    public CommandResult run(String script, Duration timeout) {
        return local.run(argv(script), RunOptions.DEFAULTS.withTimeout(timeout));
    }

    @Override
    public String pasteReady(String script) {
        return script;
    }
}
