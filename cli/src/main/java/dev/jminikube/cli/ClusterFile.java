package dev.jminikube.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import dev.jminikube.drivers.ProfileName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A cluster described in a YAML file, for {@code start --config FILE} (as kind's {@code --config}): the start flags'
 * values under camelCase keys. Its values sit between the flags and the environment. Every value is checked here as
 * its flag is (and fails with the flag's reason), naming the file and the key, since the user typed neither the flag
 * nor the value on this command line; anything else wrong with the file is {@link Reason#USAGE}, one line.
 *
 * @param profile       the profile, when the file names one (-p wins)
 * @param defaults      values of keys {@code jminikube config} also keeps, checked and normalized as it stores them
 * @param networkPlugin the network plugin, when given (checked by the start, as the flag is)
 * @param extraConfig   component flags, when given (checked by the start, as the flag is)
 */
record ClusterFile(Optional<String> profile, Map<ConfigKey, String> defaults, Optional<String> networkPlugin,
                   Optional<List<String>> extraConfig) {
    /** The file's keys, with the config key each stands for (null: a key config does not keep). */
    private static final Map<String, ConfigKey> KEYS = keys();

    private static Map<String, ConfigKey> keys() {
        Map<String, ConfigKey> keys = new LinkedHashMap<>();
        keys.put("profile", null);
        keys.put("driver", ConfigKey.DRIVER);
        keys.put("cpus", ConfigKey.CPUS);
        keys.put("memory", ConfigKey.MEMORY);
        keys.put("diskSize", ConfigKey.DISK_SIZE);
        keys.put("kubernetesVersion", ConfigKey.KUBERNETES_VERSION);
        keys.put("containerRuntime", ConfigKey.CONTAINER_RUNTIME);
        keys.put("networkPlugin", null);
        keys.put("addons", ConfigKey.ADDONS);
        keys.put("extraConfig", null);
        return keys;
    }

    static final ClusterFile NONE = new ClusterFile(Optional.empty(), Map.of(), Optional.empty(), Optional.empty());

    static List<String> knownKeys() {
        return List.copyOf(KEYS.keySet());
    }

    /** Reads and checks {@code file} (relative to {@code workingDir}). */
    static ClusterFile read(Path workingDir, String file) {
        Path path = workingDir.resolve(file).toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw usage(path, "does not exist", "Check the path: --config was given " + path
                    + " (a relative path is taken from the directory jminikube runs in).");
        } catch (IOException e) {
            throw usage(path, "cannot be read: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()),
                    "Make " + path + " a readable YAML file, or give --config another one.");
        }
        JsonNode root;
        try {
            // A key written twice is a mistake in a hand-written file; the later one must not win silently.
            YAMLMapper mapper = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw usage(path, "is not valid YAML: " + syntaxProblem(e), null);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return NONE; // an empty file asks for nothing: every value comes from the layers below it
        }
        if (!root.isObject()) {
            throw usage(path, "is not a mapping of keys to values but " + kind(root), null);
        }
        return of(path, root);
    }

    private static ClusterFile of(Path path, JsonNode root) {
        Optional<String> profile = Optional.empty();
        Optional<String> networkPlugin = Optional.empty();
        Optional<List<String>> extraConfig = Optional.empty();
        Map<ConfigKey, String> defaults = new EnumMap<>(ConfigKey.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (!KEYS.containsKey(key)) {
                throw usage(path, "has an unknown key '" + ControlCharacters.escape(key) + "'", null);
            }
            switch (key) {
                case "profile" -> {
                    String name = text(path, key, value, false);
                    try {
                        ProfileName.validate(name);
                    } catch (JmkException bad) {
                        throw badValue(path, key, bad);
                    }
                    profile = Optional.of(name);
                }
                case "networkPlugin" -> networkPlugin = Optional.of(text(path, key, value, false));
                case "extraConfig" -> extraConfig = Optional.of(list(path, key, value));
                case "addons" -> defaults.put(ConfigKey.ADDONS, checked(path, key, ConfigKey.ADDONS,
                        String.join(",", list(path, key, value))));
                default -> {
                    ConfigKey configKey = KEYS.get(key);
                    // Sizes and CPUs read naturally as numbers (cpus: 4, memory: 4096 is megabytes, as the flag).
                    boolean numeric = configKey == ConfigKey.CPUS || configKey == ConfigKey.MEMORY
                            || configKey == ConfigKey.DISK_SIZE;
                    defaults.put(configKey, checked(path, key, configKey, text(path, key, value, numeric)));
                }
            }
        }
        return new ClusterFile(profile, defaults, networkPlugin, extraConfig);
    }

    private static String text(Path path, String key, JsonNode value, boolean numberAllowed) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (numberAllowed && value.isIntegralNumber()) {
            return value.asText();
        }
        // A version written as 1.30 is the number 1.3 to YAML: refuse it rather than guess.
        throw usage(path, "key '" + key + "' must be " + (numberAllowed ? "a whole number or text" : "text")
                + ", not " + kind(value), null);
    }

    private static List<String> list(Path path, String key, JsonNode value) {
        if (!value.isArray()) {
            throw usage(path, "key '" + key + "' must be a list of text, e.g. [" + (key.equals("addons")
                    ? "dashboard" : "kubelet.max-pods=50") + "], not " + kind(value), null);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw usage(path, "key '" + key + "' must be a list of text, but one item is " + kind(item), null);
            }
            out.add(item.asText());
        }
        return out;
    }

    private static String checked(Path path, String key, ConfigKey configKey, String value) {
        try {
            return configKey.check(value);
        } catch (JmkException bad) {
            throw badValue(path, key, bad);
        }
    }

    /** The flag's reason and advice (so its exit code), the message naming where the value was written. */
    private static JmkException badValue(Path path, String key, JmkException bad) {
        return new JmkException(bad.reason(), "cluster file " + path + ": key '" + key + "' is not valid: "
                + bad.getMessage(), bad.advice(), bad.details(), bad);
    }

    private static JmkException usage(Path path, String problem, String advice) {
        return new JmkException(Reason.USAGE, "cluster file " + path + " " + problem,
                advice != null ? advice : "Fix " + path + ". Its keys: " + String.join(", ", knownKeys())
                        + " (see README, 'start --config').", null, null);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            case BOOLEAN -> "a boolean (" + node.asText() + ")";
            case NUMBER -> "a number (" + node.asText() + ")";
            case NULL, MISSING -> "empty (leave the key out for its default)";
            default -> "text";
        };
    }

    /**
     * SnakeYAML's own message quotes the offending line with a caret under it, over several lines; one line keeps
     * only its problem and where it is.
     */
    private static String syntaxProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null
                && marked.getProblemMark() != null) {
            return oneLine(marked.getProblem()) + " (line " + (marked.getProblemMark().getLine() + 1) + ", column "
                    + (marked.getProblemMark().getColumn() + 1) + ")";
        }
        JsonLocation at = e.getLocation();
        return oneLine(e.getOriginalMessage())
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    private static String oneLine(String message) {
        return ControlCharacters.escape(message.strip().replaceAll("\\s*\\R\\s*", " "));
    }
}
