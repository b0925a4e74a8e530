package dev.jminikube.drivers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import dev.jminikube.core.state.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Reads and writes {@code config.yaml}; writes go to a temporary file first so a crash never leaves half a file. */
public final class MachineConfigFile {
    /**
     * For writing; in a holder so that Jackson (several hundred classes, a good part of a short command's start-up)
     * is loaded only when there is a file to write. Reading goes through {@link StateFile}, which loads it as lazily.
     */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    }

    private MachineConfigFile() {
    }

    /** The machine's settings; empty when there is no file, a {@link Reason#STATE_FILE_CORRUPT} when it is damaged. */
    public static Optional<MachineConfig> read(Path file) {
        Path machineDir = file.toAbsolutePath().getParent();
        String profile = machineDir.getFileName() == null ? "NAME" : machineDir.getFileName().toString();
        // Deleting config.yaml alone would orphan a VM that may still run; delete removes the VM even without it.
        return new StateFile(file, StateFile.Format.YAML, "Fix " + file + " (it records the machine's driver, size, "
                + "node image and port forwards), or run 'jminikube delete -p " + profile
                + "', which removes the VM even so, and start again.").read(MachineConfig.class);
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
