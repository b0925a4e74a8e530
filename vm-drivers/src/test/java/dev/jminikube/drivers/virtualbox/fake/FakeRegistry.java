package dev.jminikube.drivers.virtualbox.fake;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What VBoxSVC would know, kept in {@code $VBOX_USER_HOME/fake-registry.json} (the real one keeps
 * VirtualBox.xml there) so that separate VBoxManage invocations, in this JVM or as processes, see the same
 * VMs and media. Every command runs under a file lock, as VBoxSVC serialises API calls.
 */
final class FakeRegistry {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** FileLock is per process; threads of one JVM queue here first. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    /** The persisted state; public fields for Jackson. */
    static final class State {
        public List<Vm> vms = new ArrayList<>();
        public List<Medium> media = new ArrayList<>();
    }

    static final class Vm {
        public String name;
        public String uuid;
        public String settingsFile;
        public String ostype = "Other";
        /** modifyvm settings by option name without dashes ("memory" -> "2048"); defaults as createvm sets them. */
        public Map<String, String> settings = new LinkedHashMap<>();
        public List<Controller> controllers = new ArrayList<>();
        public List<Attachment> attachments = new ArrayList<>();
        /** NAT forwarding rules of adapter 1, in --natpf1 syntax. */
        public List<String> natRules = new ArrayList<>();
        public String state = "poweroff";
        /** The .sav of a saved VM (VMStateFile), written by its VM process; null unless the state is saved. */
        public String stateFile;
        public long stateChangeMillis;
        public long guestPid;
    }

    static final class Controller {
        public String name;
        public String bus;
        public String type;
        public int portCount;
        public String hostIoCache = "off";
        public String bootable = "on";
    }

    static final class Attachment {
        public String controller;
        public int port;
        public int device;
        /** dvddrive or hdd */
        public String type;
        /** null for an empty DVD drive */
        public String mediumUuid;
    }

    static final class Medium {
        public String uuid;
        public String location;
        /** HardDisk or DVD */
        public String deviceType;
        public String format;
        public long logicalSize;
    }

    private final Path home;

    FakeRegistry(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    /** Runs {@code body} on the state under the lock and saves what it leaves. */
    <T> T update(Function<State, T> body) {
        IN_PROCESS.lock();
        try {
            Files.createDirectories(home);
            try (FileChannel channel = FileChannel.open(home.resolve("fake-registry.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                State state = load();
                T result = body.apply(state);
                save(state);
                return result;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fake VBoxManage cannot use " + home + ": " + e.getMessage(), e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private State load() throws IOException {
        Path file = home.resolve("fake-registry.json");
        return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), State.class) : new State();
    }

    private void save(State state) throws IOException {
        Path file = home.resolve("fake-registry.json");
        Path tmp = home.resolve("fake-registry.json.tmp");
        JSON.writeValue(tmp.toFile(), state);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Optional<Medium> mediumByUuid(State state, String uuid) {
        return state.media.stream().filter(m -> m.uuid.equals(uuid)).findFirst();
    }

    static Optional<Medium> mediumByLocation(State state, Path location) {
        return state.media.stream().filter(m -> Path.of(m.location).equals(location.toAbsolutePath().normalize()))
                .findFirst();
    }

    static List<Vm> vmsUsing(State state, String mediumUuid) {
        return state.vms.stream().filter(vm -> vm.attachments.stream().anyMatch(a -> mediumUuid.equals(a.mediumUuid)))
                .toList();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T fromJson(Path file, Class<T> type) throws IOException {
        return JSON.readValue(file.toFile(), type);
    }
}
