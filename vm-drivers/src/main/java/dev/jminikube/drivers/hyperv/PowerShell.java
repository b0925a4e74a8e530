package dev.jminikube.drivers.hyperv;

import dev.jminikube.core.exec.CommandResult;
import java.time.Duration;

/**
 * Runs one PowerShell script and returns what it printed (like minikube's Hyper-V driver, which shells
 * out to powershell.exe for every cmdlet). The real one is {@link ProcessPowerShell}; tests use a fake
 * that interprets exactly the scripts {@link HyperVScripts} writes.
 *
 * <p>A script that fails ends with a non-zero exit code and the error record on stderr, because every
 * script starts with {@code $ErrorActionPreference = 'Stop'}.
 */
public interface PowerShell {

    CommandResult run(String script, Duration timeout);

    /** How the user runs the same script by hand (in an elevated PowerShell window). */
    default String pasteReady(String script) {
        return script;
    }
}
