package dev.jminikube.drivers.vmware;

import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One of VMware's command-line tools ({@code vmrun}, {@code vmware-vdiskmanager}), given its arguments.
 * The real one runs the executable; tests use stateful fakes that answer like it.
 */
@FunctionalInterface
public interface VmwareTool {

    CommandResult run(List<String> args, Duration timeout);

    /** The executable at {@code path}, run through {@code local}. */
    static VmwareTool process(CommandRunner local, Path path) {
        return (args, timeout) -> {
            List<String> argv = new ArrayList<>();
            argv.add(path.toString());
            argv.addAll(args);
            return local.run(argv, RunOptions.DEFAULTS.withTimeout(timeout));
        };
    }
}
