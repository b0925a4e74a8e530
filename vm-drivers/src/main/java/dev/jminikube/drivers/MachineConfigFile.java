package dev.jminikube.drivers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Reads and writes {@code config.yaml}; writes go to a temporary file first so a crash never leaves half a file. */
public final class MachineConfigFile {
    /**
     * In a holder so that Jackson (several hundred classes, a good part of a short command's start-up) is loaded
     * only when there is a file to read or write: {@code status} of a profile that does not exist never needs it.
     */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
    }

    private MachineConfigFile() {
    }

    public static Optional<MachineConfig> read(Path file) {
        try {
            byte[] text = Files.readAllBytes(file);
            return Optional.of(Yaml.MAPPER.readValue(text, MachineConfig.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new JmkException(Reason.DRIVER_FAILED, "cannot read machine config " + file + ": " + e.getMessage(),
                    "Fix or remove the file; 'jminikube delete' removes the whole machine.", null, e);
        }
    }

    public static void write(Path file, MachineConfig config) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            // A new machine's directory: the user's only, as it will hold the machine's key and disk.
            OwnerOnly.createDirectories(file.getParent());
            Files.write(tmp, Yaml.MAPPER.writeValueAsBytes(config));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The write error below is the one worth reporting.
            }
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write machine config " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
