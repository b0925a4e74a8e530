package dev.jminikube.bootstrap.kubeconfig;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adds a cluster to the user's kubeconfig and takes it out again, as {@code minikube start} and
 * {@code minikube delete} do. Everything else in the file (other clusters, users and contexts,
 * preferences, keys jminikube does not know) is written back as it was read, in the same order.
 * The file is replaced atomically with mode 0600; a file that is not a kubeconfig is never touched.
 *
 * <p>The whole read-modify-write runs under kubectl's own lock ({@code <kubeconfig>.lock}, see
 * {@link KubeconfigLock}), so concurrent jminikube and kubectl commands do not undo each other's changes.
 */
public final class KubeconfigMerger {
    private static final List<String> SECTIONS = List.of("clusters", "users", "contexts");
    private static final String CURRENT = "current-context";

    /** How the new kubeconfig replaces the old ({@link AtomicFile#write}); a test puts a failing one in its place. */
    @FunctionalInterface
    interface FileReplacer {
        void replace(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException;
    }

    private final Path file;
    private final Duration lockWait;
    private final FileReplacer replacer;

    /** @param file the user's kubeconfig ({@link dev.jminikube.core.Environment#kubeconfig()}) */
    public KubeconfigMerger(Path file) {
        this(file, KubeconfigLock.DEFAULT_WAIT, AtomicFile::write);
    }

    /** @param lockWait how long to wait for another program's lock on the file */
    KubeconfigMerger(Path file, Duration lockWait, FileReplacer replacer) {
        this.file = file;
        this.lockWait = lockWait;
        this.replacer = replacer;
    }

    /**
     * Puts {@code access}'s cluster, user and context into the file, replacing entries of the same
     * names, and makes its context current. Creates the file (and its directory, mode 0700) if missing.
     */
    public void merge(ClusterAccess access) {
        try {
            AtomicFile.createPrivateDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE,
                    "cannot create the directory of kubeconfig " + file + ": " + e.getMessage(), e);
        }
        try (KubeconfigLock lock = KubeconfigLock.acquire(file, lockWait)) {
            mergeLocked(access);
        }
    }

    private void mergeLocked(ClusterAccess access) {
        ObjectNode root = read().orElseGet(KubeconfigYaml::emptyConfig);
        if (!root.has("apiVersion")) {
            root.put("apiVersion", "v1");
        }
        if (!root.has("kind")) {
            root.put("kind", "Config");
        }
        upsert(section(root, "clusters"), access.clusterName(), KubeconfigYaml.cluster(access));
        upsert(section(root, "users"), access.userName(), KubeconfigYaml.user(access));
        upsert(section(root, "contexts"), access.contextName(), KubeconfigYaml.context(access));
        root.put(CURRENT, access.contextName());
        write(root);
    }

    /**
     * Removes the cluster, user and context named {@code name} (jminikube names all three after the
     * profile) and clears current-context if it was that context. A missing file, or one without
     * those entries, is left alone.
     */
    public void remove(String name) {
        if (!Files.exists(file)) {
            return;
        }
        try (KubeconfigLock lock = KubeconfigLock.acquire(file, lockWait)) {
            removeLocked(name);
        }
    }

    private void removeLocked(String name) {
        Optional<ObjectNode> read = read();
        if (read.isEmpty()) {
            return;
        }
        ObjectNode root = read.get();
        boolean changed = false;
        for (String key : SECTIONS) {
            if (root.get(key) instanceof ArrayNode list) {
                changed |= removeNamed(list, name);
            }
        }
        if (root.path(CURRENT).asText("").equals(name)) {
            // minikube leaves it empty rather than guessing which other context the user wants.
            root.put(CURRENT, "");
            changed = true;
        }
        if (changed) {
            write(root);
        }
    }

    /** The current-context of the file, empty when missing or unset. */
    public Optional<String> currentContext() {
        return read().map(root -> root.path(CURRENT).asText("")).filter(s -> !s.isEmpty());
    }

    /**
     * The server of the cluster that context {@code name} uses; empty when the file, the context or its
     * cluster is missing. Throws like the other methods for a file that is not a kubeconfig.
     */
    public Optional<String> serverOf(String name) {
        Optional<ObjectNode> root = read();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        return named(root.get().path("contexts"), name)
                .map(context -> context.path("context").path("cluster").asText(""))
                .flatMap(cluster -> named(root.get().path("clusters"), cluster))
                .map(cluster -> cluster.path("cluster").path("server").asText(""))
                .filter(s -> !s.isEmpty());
    }

    private static Optional<JsonNode> named(JsonNode list, String name) {
        for (JsonNode entry : list) {
            if (isNamed(entry, name)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private Optional<ObjectNode> read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw invalid("cannot be read: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = KubeconfigYaml.MAPPER.readTree(text);
        } catch (JacksonException e) {
            // The parser's message goes on over several lines with a snippet; its first line says what is wrong.
            throw invalid(e.getOriginalMessage().lines().findFirst().orElse("unreadable YAML").strip(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            // An empty file is an empty kubeconfig to kubectl too.
            return Optional.of(KubeconfigYaml.emptyConfig());
        }
        if (!(root instanceof ObjectNode mapping)) {
            throw invalid("the top level is not a mapping", null);
        }
        for (String key : SECTIONS) {
            JsonNode section = mapping.get(key);
            if (section != null && !section.isNull() && !section.isArray()) {
                throw invalid("'" + key + "' is not a list", null);
            }
        }
        return Optional.of(mapping);
    }

    /** The list under {@code key}, made if absent; kubectl writes {@code clusters: null} for none. */
    private static ArrayNode section(ObjectNode root, String key) {
        if (root.get(key) instanceof ArrayNode list) {
            return list;
        }
        return root.putArray(key);
    }

    /** Replaces the first entry named {@code name} in place (keeping the file's order), drops any others. */
    private static void upsert(ArrayNode list, String name, ObjectNode entry) {
        for (int i = 0; i < list.size(); i++) {
            if (isNamed(list.get(i), name)) {
                list.set(i, entry);
                removeNamedAfter(list, name, i + 1);
                return;
            }
        }
        list.add(entry);
    }

    private static boolean removeNamed(ArrayNode list, String name) {
        return removeNamedAfter(list, name, 0);
    }

    private static boolean removeNamedAfter(ArrayNode list, String name, int start) {
        boolean removed = false;
        for (int i = list.size() - 1; i >= start; i--) {
            if (isNamed(list.get(i), name)) {
                list.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    private static boolean isNamed(JsonNode entry, String name) {
        return entry.isObject() && name.equals(entry.path("name").asText(null));
    }

    private void write(ObjectNode root) {
        Path target = file;
        try {
            // Replace the file a symlink points at, not the link (dotfile managers link ~/.kube/config).
            if (Files.isSymbolicLink(file)) {
                target = file.toRealPath();
            }
            replacer.replace(target, KubeconfigYaml.write(root).getBytes(StandardCharsets.UTF_8),
                    AtomicFile.OWNER_ONLY);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE,
                    "cannot write kubeconfig " + target + ": " + e.getMessage(), e);
        }
    }

    private JmkException invalid(String why, Throwable cause) {
        return new JmkException(Reason.KUBECONFIG_INVALID, file + ": not a valid kubeconfig (" + why + ")", cause);
    }
}
