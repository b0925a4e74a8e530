package dev.jminikube.drivers.virtualbox;

import dev.jminikube.core.Environment;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The host's VBoxManage, run as a child process with the environment's variables (PATH, VBOX_USER_HOME...). */
public final class LocalVBoxManager implements VBoxManager {
    /** startvm waits for the VM process to power up; a hung VBoxSVC must not hang jminikube for ever. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path executable;
    private final CommandRunner runner;

    LocalVBoxManager(Path executable, CommandRunner runner) {
        this.executable = executable;
        this.runner = runner;
    }

    /** The VBoxManage of this environment, or empty when it is not installed. */
    public static Optional<VBoxManager> locate(Environment env) {
        return VBoxManageLocator.find(env).map(exe -> new LocalVBoxManager(exe,
                new LocalCommandRunner(env.variables(), null)));
    }

    @Override
    public CommandResult run(List<String> args) {
        return runner.run(argv(args), RunOptions.DEFAULTS.withTimeout(TIMEOUT));
    }

    @Override
    public String commandLine(List<String> args) {
        return runner.pasteReady(argv(args));
    }

    private List<String> argv(List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(executable.toString());
        argv.addAll(args);
        return argv;
    }
}
