package dev.jminikube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.state.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code JMINIKUBE_HOME/config/config.json}: the user's defaults for {@code start} and the active profile, a flat
 * object of strings keyed by {@link ConfigKey}. Read through {@link StateFile}, so a damaged file is
 * {@link Reason#STATE_FILE_CORRUPT} naming it (never read as "no settings"), and written whole through a temporary
 * file and a rename, owner-only like everything else in the home.
 */
final class UserConfig {
    private final StateFile file;

    private UserConfig(Path path) {
        this.file = new StateFile(path, StateFile.Format.JSON,
                "Fix or delete it ('jminikube config unset KEY' or 'jminikube config set KEY VALUE' rewrite it); "
                        + "deleting it only forgets your 'jminikube config' defaults and the active profile.");
    }

    static UserConfig of(Environment env) {
        return new UserConfig(env.configDir().resolve("config.json"));
    }

    Path path() {
        return file.path();
    }

    /**
     * Every known key's value, each checked as {@code config set} checks it: a hand-edited {@code "memory": "lots"}
     * is a damaged file named as such, not a {@code --memory} the user never typed. Keys this version does not
     * know (a newer jminikube's) are left out here and kept on write.
     */
    Map<ConfigKey, String> values() {
        Map<ConfigKey, String> out = new java.util.EnumMap<>(ConfigKey.class);
        for (Map.Entry<String, String> e : raw().entrySet()) {
            for (ConfigKey key : ConfigKey.values()) {
                if (key.key().equals(e.getKey())) {
                    try {
                        out.put(key, key.check(e.getValue()));
                    } catch (JmkException bad) {
                        throw file.damaged(key.key(), "is not valid: " + bad.getMessage());
                    }
                }
            }
        }
        return out;
    }

    Optional<String> get(ConfigKey key) {
        return Optional.ofNullable(values().get(key));
    }

    /** Stores {@code value} (checked by the key) and returns it as stored. */
    String set(ConfigKey key, String value) {
        String checked = key.check(value);
        Map<String, String> all = raw();
        all.put(key.key(), checked);
        write(all);
        return checked;
    }

    /** Removes the key; true when it was set. */
    boolean unset(ConfigKey key) {
        Map<String, String> all = raw();
        boolean had = all.remove(key.key()) != null;
        if (had) {
            write(all);
        }
        return had;
    }

    /** The file as it is, values unchecked (so that set and unset can repair a bad one); syntax is still checked. */
    @SuppressWarnings("unchecked")
    private Map<String, String> raw() {
        Map<String, Object> read = file.read(Map.class).orElse(Map.of());
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : read.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw file.damaged(e.getKey(), "is not a string (every value in it is text, e.g. \"4g\")");
            }
            out.put(e.getKey(), s);
        }
        return out;
    }

    private void write(Map<String, String> all) {
        try {
            byte[] json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(all);
            AtomicFile.write(file.path(), json, AtomicFile.OWNER_ONLY);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + file.path() + ": " + e.getMessage(), e);
        }
    }
}
