package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.jminikube.core.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code jminikube ide}: one line naming what is wrong, its reason's exit code, and nothing written. */
class IdeBadInputTest {
    @TempDir
    Path home;
    @TempDir
    Path project;

    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(home, project, Map.of("PATH", "/usr/bin:/bin"), false);
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(project.resolve(".run")).doesNotExist();
        assertThat(project.resolve(".vscode")).doesNotExist();
        assertThat(home.resolve("machines")).doesNotExist();
    }

    private String fails(Reason reason, String... args) {
        CliHarness.Run r = cli.run(args);
        assertThat(r.code()).as("exit code of %s; stderr:%n%s", String.join(" ", args), r.err())
                .isEqualTo(reason.exitCode());
        assertThat(r.err().split("Exiting due to", -1)).as(r.err()).hasSize(2);
        assertThat(r.err()).contains("* Advice: ");
        return r.err().lines().filter(l -> l.startsWith("X Exiting due to")).findFirst().orElseThrow();
    }

    @Test
    void unknownIde() {
        assertThat(fails(Reason.USAGE, "ide", "eclipse")).isEqualTo(
                "X Exiting due to MK_USAGE: unknown IDE 'eclipse': jminikube writes run configurations for intellij "
                        + "and vscode");
    }

    @Test
    void missingIde() {
        assertThat(fails(Reason.USAGE, "ide")).contains("IDE");
    }

    @Test
    void invalidProfileName() {
        assertThat(fails(Reason.PROFILE_NAME_INVALID, "ide", "intellij", "-p", "../etc"))
                .contains("invalid profile name ../etc");
    }

    @Test
    void invalidMainClass() {
        assertThat(fails(Reason.USAGE, "ide", "vscode", "--main-class", "com.example.My-App"))
                .isEqualTo("X Exiting due to MK_USAGE: --main-class 'com.example.My-App' is not a Java class name");
        assertThat(fails(Reason.USAGE, "ide", "intellij", "--main-class", "com.class.Main"))
                .contains("is not a Java class name");
        assertThat(fails(Reason.USAGE, "ide", "intellij", "--main-class", "Main."))
                .contains("is not a Java class name");
    }

    @Test
    void dirThatDoesNotExist() {
        assertThat(fails(Reason.USAGE, "ide", "intellij", "--dir", "nowhere"))
                .isEqualTo("X Exiting due to MK_USAGE: --dir 'nowhere' does not exist");
    }

    @Test
    void dirThatIsAFile() throws Exception {
        Files.writeString(home.resolve("notes.txt"), "x");
        assertThat(fails(Reason.USAGE, "ide", "vscode", "--dir", home.resolve("notes.txt").toString()))
                .endsWith("notes.txt' is not a directory");
    }

    @Test
    void dirThatIsNotWritable() throws Exception {
        // root may write anywhere, so the refusal cannot be seen as root.
        assumeFalse("root".equals(System.getProperty("user.name")), "running as root");
        Path locked = Files.createDirectory(home.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThat(fails(Reason.HOST_PATH_NOT_WRITABLE, "ide", "vscode", "--dir", locked.toString()))
                    .contains("cannot write into " + locked);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void theWorkingDirectoryMustBeWritableToo() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "running as root");
        Path locked = Files.createDirectory(home.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            cli = new CliHarness(home, locked, Map.of("PATH", "/usr/bin:/bin"), false);
            assertThat(fails(Reason.HOST_PATH_NOT_WRITABLE, "ide", "intellij")).contains("cannot write into " + locked);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
