package dev.jminikube.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VS Code's {@code .vscode/tasks.json} with a task that runs {@code jminikube start -p PROFILE}, and, for a main
 * class, {@code .vscode/launch.json} with a Java launch configuration whose preLaunchTask is that task and whose
 * environment points KUBECONFIG at the profile's own kubeconfig. Each file holds only jminikube's entry: VS Code's
 * files are JSON with comments, which jminikube does not merge into; a user who has their own gets the entry to add.
 */
final class VsCodeRunConfigs {
    static final String TASKS_VERSION = "2.0.0";
    static final String LAUNCH_VERSION = "0.2.0";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    // Two-space indentation and "key": value, as VS Code writes these files.
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private VsCodeRunConfigs() {
    }

    static List<OwnedFile> files(IdeTarget target) {
        List<OwnedFile> files = new ArrayList<>();
        Map<String, Object> task = startTask(target);
        files.add(new OwnedFile(Path.of(".vscode", "tasks.json"), OwnedFile.CommentSyntax.JSONC,
                pretty(document("version", TASKS_VERSION, "tasks", task)),
                "a task in its \"tasks\": " + oneLine(task)));
        target.programName().ifPresent(name -> {
            Map<String, Object> launch = launch(target, name);
            files.add(new OwnedFile(Path.of(".vscode", "launch.json"), OwnedFile.CommentSyntax.JSONC,
                    pretty(document("version", LAUNCH_VERSION, "configurations", launch)),
                    "a configuration in its \"configurations\": " + oneLine(launch)));
        });
        return files;
    }

    static String startTaskLabel(IdeTarget target) {
        return "jminikube: start " + target.profile();
    }

    /** A process task: the launcher runs as it is, so no shell quoting of its path is involved. */
    private static Map<String, Object> startTask(IdeTarget target) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("label", startTaskLabel(target));
        task.put("type", "process");
        task.put("command", target.launcher());
        task.put("args", List.of("start", "-p", target.profile()));
        task.put("problemMatcher", List.of());
        return task;
    }

    private static Map<String, Object> launch(IdeTarget target, String name) {
        Map<String, Object> launch = new LinkedHashMap<>();
        launch.put("type", "java");
        launch.put("request", "launch");
        launch.put("name", name);
        launch.put("mainClass", target.mainClass().orElseThrow());
        launch.put("preLaunchTask", startTaskLabel(target));
        launch.put("env", Map.of("KUBECONFIG", target.kubeconfig().toString()));
        return launch;
    }

    private static Map<String, Object> document(String versionKey, String version, String listKey, Object entry) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(versionKey, version);
        doc.put(listKey, List.of(entry));
        return doc;
    }

    private static String pretty(Object value) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // maps of strings and lists always serialize
        }
    }

    private static String oneLine(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
