package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file of jminikube's is rewritten while unchanged; anything else is the user's and is never overwritten unasked. */
class IdeRewriteTest {
    @TempDir
    Path home;
    @TempDir
    Path project;

    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(home, project, Map.of("PATH", "/usr/bin:/bin"), false);
    }

    private CliHarness.Run run(int code, String... args) {
        CliHarness.Run r = cli.run(args);
        assertThat(r.code()).as("stdout:%n%s%nstderr:%n%s", r.out(), r.err()).isEqualTo(code);
        return r;
    }


    @Test
    void aSecondRunLeavesIdenticalFilesAlone() throws Exception {
        run(0, "ide", "intellij", "--main-class", "com.example.Main");
        Path start = project.resolve(".run/jminikube start (minikube).run.xml");
        byte[] before = Files.readAllBytes(start);
        var modified = Files.getLastModifiedTime(start);
        Thread.sleep(20);
        CliHarness.Run again = run(0, "ide", "intellij", "--main-class", "com.example.Main");
        assertThat(again.out()).contains("* Left alone (already up to date) .run/jminikube start (minikube).run.xml")
                .contains("* Left alone (already up to date) .run/Main on jminikube.run.xml");
        assertThat(Files.readAllBytes(start)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(start)).isEqualTo(modified);
    }

    @Test
    void anUnchangedFileOfOursIsUpdated() throws Exception {
        run(0, "ide", "vscode", "--main-class", "com.example.Main");
        CliHarness.Run r = run(0, "ide", "vscode", "--main-class", "com.example.Other");
        assertThat(r.out()).contains("* Left alone (already up to date) .vscode/tasks.json")
                .contains("* Updated .vscode/launch.json");
        assertThat(IdeFiles.jsonc(project.resolve(".vscode/launch.json")).path("configurations").get(0)
                .path("mainClass").asText()).isEqualTo("com.example.Other");
        assertThat(project.resolve(".vscode").toFile().list()).containsExactlyInAnyOrder("tasks.json", "launch.json");
    }

    @Test
    void aFileOfOursTheUserEditedIsRefusedAndKeptByteForByte() throws Exception {
        run(0, "ide", "intellij");
        Path start = project.resolve(".run/jminikube start (minikube).run.xml");
        Files.writeString(start, Files.readString(start).replace("/bin/bash", "/bin/zsh"));
        byte[] edited = Files.readAllBytes(start);

        CliHarness.Run r = run(Reason.HOST_FILE_NOT_OURS.exitCode(), "ide", "intellij");
        assertThat(r.err()).contains("! Refused .run/jminikube start (minikube).run.xml");
        assertThat(CliHarness.exitLine(r)).isEqualTo("X Exiting due to HOST_FILE_NOT_OURS: left "
                + ".run/jminikube start (minikube).run.xml as it is: not written by jminikube, or changed since");
        assertThat(r.err()).contains("* Advice: Move it aside, or run the command again with --force");
        assertThat(Files.readAllBytes(start)).isEqualTo(edited);
    }

    @Test
    void theUsersOwnTasksJsonIsRefusedWithTheEntryToAddAndLaunchJsonStillWritten() throws Exception {
        Path tasks = Files.createDirectories(project.resolve(".vscode")).resolve("tasks.json");
        String mine = """
                {
                  // my build
                  "version": "2.0.0",
                  "tasks": [{"label": "build", "type": "shell", "command": "make",}]
                }
                """;
        Files.writeString(tasks, mine);

        CliHarness.Run r = run(Reason.HOST_FILE_NOT_OURS.exitCode(), "ide", "vscode", "--main-class", "a.Main");
        assertThat(Files.readString(tasks)).isEqualTo(mine);
        String refusal = r.err().lines().filter(l -> l.startsWith("! Refused .vscode/tasks.json")).findFirst()
                .orElseThrow();
        // The entry to add is printed on that line, as JSON the user can paste.
        String entry = refusal.substring(refusal.indexOf("{"));
        assertThat(IdeFiles.JSON.readTree(entry).path("label").asText()).isEqualTo("jminikube: start minikube");
        assertThat(r.err()).contains("* Advice: Add the entries printed above to your file yourself");
        assertThat(r.out()).contains("* Wrote .vscode/launch.json");
        assertThat(r.err().split("Exiting due to", -1)).hasSize(2);
    }

    @Test
    void forceReplacesTheUsersFile() throws Exception {
        Path tasks = Files.createDirectories(project.resolve(".vscode")).resolve("tasks.json");
        Files.writeString(tasks, "{ \"version\": \"2.0.0\", \"tasks\": [] }\n");
        CliHarness.Run r = run(0, "ide", "vscode", "--force");
        assertThat(r.out()).contains("* Replaced (--force) .vscode/tasks.json");
        assertThat(IdeFiles.jsonc(tasks).path("tasks").get(0).path("label").asText())
                .isEqualTo("jminikube: start minikube");
        // Ours again: the next run without --force leaves it alone instead of refusing.
        assertThat(run(0, "ide", "vscode").out()).contains("* Left alone (already up to date) .vscode/tasks.json");
    }

    @Test
    void aDirectoryInThePlaceOfAFileIsRefusedEvenWithForce() throws Exception {
        Files.createDirectories(project.resolve(".vscode/tasks.json"));
        CliHarness.Run r = run(Reason.HOST_FILE_NOT_OURS.exitCode(), "ide", "vscode", "--force");
        assertThat(r.err()).contains("! Refused .vscode/tasks.json")
                .contains("* Advice: Move it aside yourself: --force replaces files only");
        assertThat(project.resolve(".vscode/tasks.json")).isDirectory();
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws Exception {
        run(0, "ide", "vscode", "--main-class", "a.Main");
        run(0, "ide", "vscode", "--main-class", "b.Main");
        assertThat(project.resolve(".vscode").toFile().list()).containsExactlyInAnyOrder("tasks.json", "launch.json");
    }
}
