package dev.jminikube.bootstrap.binaries;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jminikube.core.state.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} of a cache entry: what the entry holds and where it came from. Written last, so
 * an entry without one is incomplete by definition.
 *
 * @param source       the {@link BinarySource#name()} that served the binaries
 * @param recipeSha256 for source builds, the sha256 of the build script; null otherwise
 * @param files        binary name to its sha256
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BinaryManifest(@JsonProperty("version") String version, @JsonProperty("arch") String arch,
                             @JsonProperty("source") String source,
                             @JsonProperty("recipeSha256") String recipeSha256,
                             @JsonProperty("files") Map<String, String> files) {
    public static final String FILE_NAME = "manifest.json";
    /** Writes only; reading goes through {@link StateFile}, as every state file's does. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BinaryManifest {
        files = files == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a manifest", e);
        }
    }

    /**
     * Reads a cache entry's manifest. A missing or damaged one is a {@link dev.jminikube.core.Reason#STATE_FILE_CORRUPT};
     * the cache takes that for a damaged entry, which it deletes and fetches again.
     */
    public static BinaryManifest read(Path file) {
        StateFile stateFile = new StateFile(file, StateFile.Format.JSON, "Delete " + file.getParent()
                + "; the next start fetches those binaries again.");
        return stateFile.read(BinaryManifest.class).orElseThrow(() -> stateFile.damaged("is missing"));
    }
}
