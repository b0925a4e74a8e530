package dev.jminikube.addons;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.state.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which add-ons a profile has switched on or off ({@code addons.json} in the machine directory), so that
 * {@code start} after {@code stop} brings back what was enabled and nothing that was disabled. An add-on
 * the file does not name has never been chosen either way: the catalogue's default applies.
 */
public final class AddonStateFile {
    /** Writes only; reading goes through {@link StateFile}, which checks what it reads. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public AddonStateFile(Path file) {
        this.file = file;
    }

    public static AddonStateFile in(Path machineDir) {
        return new AddonStateFile(machineDir.resolve("addons.json"));
    }

    /** The file as written: {@code {"enabled": {"dashboard": true, ...}}}; other top-level fields are a newer version's. */
    record Content(@JsonProperty("enabled") Map<String, Boolean> enabled) {
    }

    /**
     * What the user chose for each add-on they chose for. A damaged file is a {@link Reason#STATE_FILE_CORRUPT}:
     * a choice that is not {@code true} or {@code false} (say {@code "yes"}) is not read as "disabled", and a file
     * without its {@code enabled} object is not read as "no choices".
     */
    public Map<String, Boolean> choices() {
        StateFile stateFile = new StateFile(file, StateFile.Format.JSON, "Fix " + file + " (it holds {\"enabled\": "
                + "{\"ADDON\": true or false, ...}}), or delete it to go back to the default add-ons.");
        Optional<Content> content = stateFile.read(Content.class);
        if (content.isEmpty()) {
            return Map.of();
        }
        if (content.get().enabled() == null) {
            throw stateFile.damaged("has no \"enabled\" object (expected {\"enabled\": {\"ADDON\": true, ...}})");
        }
        Map<String, Boolean> read = new TreeMap<>();
        for (Map.Entry<String, Boolean> choice : content.get().enabled().entrySet()) {
            if (choice.getValue() == null) {
                throw stateFile.damaged("enabled." + choice.getKey(), "is null; expected true or false");
            }
            read.put(choice.getKey(), choice.getValue());
        }
        return read;
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
