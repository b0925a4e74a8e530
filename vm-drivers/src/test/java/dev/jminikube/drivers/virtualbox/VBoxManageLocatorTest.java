package dev.jminikube.drivers.virtualbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VBoxManageLocatorTest {
    @TempDir
    Path dir;

    private Path executable(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static Environment env(HostOs os, Map<String, String> vars) {
        return new Environment(Path.of("/h"), Path.of("/k"), os, "amd64", vars);
    }

    @Test
    void onLinuxItIsFoundOnThePathOnly() throws IOException {
        Path vbox = executable("bin/VBoxManage");
        assertThat(VBoxManageLocator.find(env(HostOs.LINUX, Map.of("PATH", dir.resolve("bin").toString()))))
                .hasValue(vbox);
        assertThat(VBoxManageLocator.find(env(HostOs.LINUX, Map.of("PATH", "/nonexistent",
                "VBOX_MSI_INSTALL_PATH", dir.resolve("bin").toString())))).isEmpty();
    }

    @Test
    void onWindowsTheInstallerVariablesAreLookedAtWhenThePathHasNone() throws IOException {
        Path msi = executable("Oracle/VirtualBox/VBoxManage.exe");
        Path old = executable("Old/VBoxManage.exe");
        assertThat(VBoxManageLocator.find(env(HostOs.WINDOWS, Map.of("Path", "C:\\Windows",
                "VBOX_MSI_INSTALL_PATH", msi.getParent().toString(), "VBOX_INSTALL_PATH", old.getParent().toString()))))
                .hasValue(msi);
        assertThat(VBoxManageLocator.find(env(HostOs.WINDOWS, Map.of("VBOX_INSTALL_PATH", old.getParent().toString()))))
                .hasValue(old);
        assertThat(VBoxManageLocator.find(env(HostOs.WINDOWS, Map.of()))).isEmpty();
    }

    @Test
    void onWindowsThePathComesFirst() throws IOException {
        Path onPath = executable("tools/VBoxManage.exe");
        Path msi = executable("Oracle/VBoxManage.exe");
        assertThat(VBoxManageLocator.find(env(HostOs.WINDOWS, Map.of("Path", onPath.getParent().toString(),
                "VBOX_MSI_INSTALL_PATH", msi.getParent().toString())))).hasValue(onPath);
    }

    @Test
    void windowsDirectoriesInOrder() {
        assertThat(VBoxManageLocator.windowsInstallDirs(env(HostOs.WINDOWS,
                Map.of("VBOX_MSI_INSTALL_PATH", "D:\\VBox\\", "VBOX_INSTALL_PATH", "E:\\Old\\"))))
                .containsExactly("D:\\VBox\\", "E:\\Old\\", VBoxManageLocator.WINDOWS_DEFAULT_DIR);
    }
}
