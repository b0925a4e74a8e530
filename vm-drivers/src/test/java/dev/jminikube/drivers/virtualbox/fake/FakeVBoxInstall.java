package dev.jminikube.drivers.virtualbox.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * "Installs" the fake VirtualBox for tests that go through the PATH (the CLI, the real driver definition):
 * writes an executable {@code VBoxManage} script that runs {@link FakeVBoxManage} with this JVM's java and
 * test classpath. Like the real one, it keeps its state in {@code $VBOX_USER_HOME}, which the caller sets.
 */
public final class FakeVBoxInstall {
    private FakeVBoxInstall() {
    }

    /** Writes {@code binDir/VBoxManage} and returns {@code binDir}, to put first on the PATH. */
    public static Path writeLauncher(Path binDir) throws IOException {
        Files.createDirectories(binDir);
        Path script = binDir.resolve("VBoxManage");
        // Startup time matters more than peak speed: every VBoxManage call is a fresh JVM.
        Files.writeString(script, "#!/bin/sh\nexec " + quote(FakeVBoxManage.javaExecutable())
                + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp " + quote(System.getProperty("java.class.path"))
                + " " + FakeVBoxManage.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return binDir;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
