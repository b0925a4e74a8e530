package dev.jminikube.addons;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which add-ons a profile has switched on or off ({@code addons.json} in the machine directory), so that
 * {@code start} after {@code stop} brings back what was enabled and nothing that was disabled. An add-on
 * the file does not name has never been chosen either way: the catalogue's default applies.
 */
public final class AddonStateFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public AddonStateFile(Path file) {
        this.file = file;
    }

    public static AddonStateFile in(Path machineDir) {
        return new AddonStateFile(machineDir.resolve("addons.json"));
    }

    /** What the user chose for each add-on they chose for. */
    public Map<String, Boolean> choices() {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Map<String, Boolean> read = new TreeMap<>();
            JSON.readTree(file.toFile()).path("enabled").properties()
                    .forEach(e -> read.put(e.getKey(), e.getValue().asBoolean()));
            return read;
        } catch (IOException | RuntimeException e) {
            throw new JmkException(Reason.ADDON_FAILED, "cannot read " + file + ": " + e.getMessage(), e)
                    .withAdvice("Fix or remove " + file + "; removing it brings back the default add-ons.");
        }
    }

    /** Whether {@code addon} is on: the user's choice, else its default. */
    public boolean enabled(Addon addon) {
        return choices().getOrDefault(addon.name(), addon.defaultEnabled());
    }

    public void record(String addon, boolean enabled) {
        Map<String, Boolean> all = new TreeMap<>(choices());
        all.put(addon, enabled);
        try {
            AtomicFile.write(file, JSON.writeValueAsBytes(Map.of("enabled", all)), AtomicFile.WORLD_READABLE);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
