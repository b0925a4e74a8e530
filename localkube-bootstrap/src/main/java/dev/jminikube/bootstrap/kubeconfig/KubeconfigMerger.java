package dev.jminikube.bootstrap.kubeconfig;

import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.NoSpaceLeft;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Adds a cluster to the user's kubeconfig and takes it out again, as {@code minikube start} and
 * {@code minikube delete} do, without losing anything else in the file:
 * <ul>
 *   <li>The whole read-modify-write runs under kubectl's own lock ({@code <kubeconfig>.lock}, see
 *       {@link KubeconfigLock}), so concurrent jminikube and kubectl commands do not undo each other's changes.</li>
 *   <li>Only the lines of jminikube's own entries and of current-context change; other clusters, users and
 *       contexts, keys jminikube does not know, comments and formatting stay byte for byte
 *       ({@link KubeconfigTextEdit}). A file of another layout (JSON, flow style) is rewritten whole, as kubectl
 *       does, unless it has comments, which that would lose.</li>
 *   <li>A file whose YAML cannot be written back faithfully (anchors, aliases, merge keys, tags, several
 *       documents: see {@link KubeconfigText}) is never rewritten: the change is refused with
 *       {@link Reason#KUBECONFIG_UNSUPPORTED} and the file stays as it was.</li>
 *   <li>Every result is read back before it is written, and must mean exactly the old file plus the change.</li>
 *   <li>The file is replaced atomically (temporary file, then rename), keeping its mode (0600 for a new file).</li>
 * </ul>
 * A file that is not a kubeconfig is never touched ({@link Reason#KUBECONFIG_INVALID}).
 */
public final class KubeconfigMerger {
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
     *
     * @throws JmkException {@link Reason#KUBECONFIG_UNSUPPORTED}, {@link Reason#KUBECONFIG_INVALID},
     *                      {@link Reason#KUBECONFIG_LOCKED}; the file is unchanged then
     */
    public void merge(ClusterAccess access) {
        List<KubeconfigChange> changes = List.of(
                new KubeconfigChange.SetValue("apiVersion", "v1", true),
                new KubeconfigChange.SetValue("kind", "Config", true),
                new KubeconfigChange.PutEntry("clusters", access.clusterName(),
                        KubeconfigYaml.asMap(KubeconfigYaml.cluster(access))),
                new KubeconfigChange.PutEntry("users", access.userName(),
                        KubeconfigYaml.asMap(KubeconfigYaml.user(access))),
                new KubeconfigChange.PutEntry("contexts", access.contextName(),
                        KubeconfigYaml.asMap(KubeconfigYaml.context(access))),
                new KubeconfigChange.SetValue(CURRENT, access.contextName(), false));
        try {
            OwnerOnly.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE,
                    "cannot create the directory of kubeconfig " + file + ": " + e.getMessage(), e);
        }
        update(root -> changes, "Set KUBECONFIG to another file for jminikube to write, or add the context \""
                + access.contextName() + "\" yourself.");
    }

    /**
     * Removes the cluster, user and context named {@code name} (jminikube names all three after the
     * profile) and clears current-context if it was that context. A missing file, or one without
     * those entries, is left alone.
     *
     * @throws JmkException as {@link #merge}
     */
    public void remove(String name) {
        if (!Files.exists(file)) {
            return;
        }
        update(root -> {
            List<KubeconfigChange> changes = new ArrayList<>();
            for (String section : KubeconfigText.SECTIONS) {
                changes.add(new KubeconfigChange.RemoveEntries(section, name));
            }
            if (name.equals(root.get(CURRENT))) {
                // minikube leaves it empty rather than guessing which other context the user wants.
                changes.add(new KubeconfigChange.SetValue(CURRENT, "", false));
            }
            return changes;
        }, "Remove the cluster, user and context named \"" + name + "\" from it yourself.");
    }

    /**
     * Whether the file has a cluster, user or context named {@code name} (what {@link #remove} would take out).
     * Throws like the other methods for a file that is not a kubeconfig.
     */
    public boolean mentions(String name) {
        Optional<Map<Object, Object>> root = read();
        return root.isPresent() && KubeconfigText.SECTIONS.stream()
                .anyMatch(section -> named(root.get().get(section), name).isPresent());
    }

    /** The current-context of the file, empty when missing or unset. */
    public Optional<String> currentContext() {
        return read().map(root -> root.get(CURRENT)).filter(String.class::isInstance).map(String.class::cast)
                .filter(s -> !s.isEmpty());
    }

    /**
     * The server of the cluster that context {@code name} uses, read as kubectl reads it (aliases resolved);
     * empty when the file, the context or its cluster is missing. Throws like the other methods for a file
     * that is not a kubeconfig.
     */
    public Optional<String> serverOf(String name) {
        Optional<Map<Object, Object>> root = read();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        return named(root.get().get("contexts"), name)
                .map(context -> field(field(context, "context"), "cluster"))
                .filter(String.class::isInstance).map(String.class::cast)
                .flatMap(cluster -> named(root.get().get("clusters"), cluster))
                .map(cluster -> field(field(cluster, "cluster"), "server"))
                .filter(String.class::isInstance).map(String.class::cast)
                .filter(s -> !s.isEmpty());
    }

    /**
     * Points the cluster that context {@code name} uses at {@code server}, leaving its other fields and every other
     * entry as they are ({@code update-context}, after the host endpoint of the API server moved); the cluster's entry
     * is written whole, as {@link #merge} writes it, so a comment inside it goes. Returns the server it had ("" for
     * none); the file is not rewritten when it already had {@code server}.
     *
     * @throws JmkException {@link Reason#KUBECONFIG_NO_CONTEXT} when the file, the context or its cluster is
     *                      missing; otherwise as {@link #merge}
     */
    public String repoint(String name, String server) {
        String[] previous = {""};
        if (!Files.exists(file)) {
            throw noContext(name);
        }
        update(root -> {
            Object context = named(root.get("contexts"), name).orElseThrow(() -> noContext(name));
            if (!(field(field(context, "context"), "cluster") instanceof String clusterName)) {
                throw noContext(name);
            }
            Object cluster = named(root.get("clusters"), clusterName).orElseThrow(() -> noContext(name));
            Map<Object, Object> entry = new java.util.LinkedHashMap<>((Map<?, ?>) cluster);
            Map<Object, Object> fields = field(cluster, "cluster") instanceof Map<?, ?> m
                    ? new java.util.LinkedHashMap<>(m) : new java.util.LinkedHashMap<>();
            previous[0] = fields.get("server") instanceof String s ? s : "";
            fields.put("server", server);
            entry.put("cluster", fields);
            return List.of(new KubeconfigChange.PutEntry("clusters", clusterName, entry));
        }, "Set the server of the cluster of context \"" + name + "\" to " + server + " yourself.");
        return previous[0];
    }

    private JmkException noContext(String name) {
        return new JmkException(Reason.KUBECONFIG_NO_CONTEXT, "kubeconfig " + file + " has no context \"" + name
                + "\" with a cluster to point at the API server");
    }

    private static Optional<Object> named(Object list, String name) {
        if (list instanceof List<?> entries) {
            return entries.stream().filter(e -> KubeconfigChange.isNamed(e, name)).map(e -> (Object) e).findFirst();
        }
        return Optional.empty();
    }

    private static Object field(Object map, String key) {
        return map instanceof Map<?, ?> m ? m.get(key) : null;
    }

    private Optional<Map<Object, Object>> read() {
        return readText().map(text -> KubeconfigText.parse(file, text).mapping());
    }

    private Optional<String> readText() {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw KubeconfigText.invalid(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The read-modify-write, under the lock: reads the file afresh, computes what it must mean afterwards,
     * makes the text that means that (or refuses), writes it.
     *
     * @param changesFor the changes, from what the file means now
     * @param adviceIfUnsupported what the user can do when the file cannot be written back
     */
    private void update(Function<Map<Object, Object>, List<KubeconfigChange>> changesFor, String adviceIfUnsupported) {
        try (KubeconfigLock lock = KubeconfigLock.acquire(file, lockWait)) {
            Optional<String> existing = readText();
            KubeconfigText parsed = KubeconfigText.parse(file, existing.orElse(""));
            Map<Object, Object> before = parsed.mapping();
            Map<Object, Object> after = parsed.mapping();
            List<KubeconfigChange> changes = changesFor.apply(after);
            changes.forEach(change -> change.applyTo(after));
            if (existing.isPresent() && after.equals(before)) {
                return; // already as wanted: a file we could not rewrite needs no rewriting either
            }
            parsed.notRewritable().ifPresent(why -> {
                throw unsupported("it contains " + why + ", which jminikube cannot write back unchanged",
                        adviceIfUnsupported);
            });
            String text = newText(parsed, changes, after, adviceIfUnsupported);
            write(existing.isPresent(), text);
        }
    }

    /** The text that means {@code after}: edited in place where possible, else written whole. */
    private String newText(KubeconfigText parsed, List<KubeconfigChange> changes, Map<Object, Object> after,
                           String adviceIfUnsupported) {
        String old = parsed.text();
        if (KubeconfigText.isEmptyDocument(parsed.root())) {
            // Nothing to edit: the new content follows whatever comments are there.
            return verified(KubeconfigTextEdit.append(old, KubeconfigYaml.write(after)), after, adviceIfUnsupported);
        }
        Optional<String> edited = KubeconfigTextEdit.apply(old, parsed.root(), changes);
        if (edited.isPresent() && means(edited.get(), after)) {
            return edited.get();
        }
        // Not a layout edited in place (JSON, flow style): written whole, which keeps every value but not comments.
        if (KubeconfigText.hasComments(old)) {
            throw unsupported("it has comments, and a layout jminikube does not edit in place (such as JSON or "
                    + "flow-style lists); rewriting it whole would drop the comments", adviceIfUnsupported);
        }
        return verified(KubeconfigYaml.write(after), after, adviceIfUnsupported);
    }

    private String verified(String text, Map<Object, Object> after, String adviceIfUnsupported) {
        if (!means(text, after)) {
            throw unsupported("jminikube could not write it without changing other entries (values YAML cannot "
                    + "write back as read, such as timestamps or keys that are not strings)", adviceIfUnsupported);
        }
        return text;
    }

    /** Whether {@code text} reads back (as kubectl reads it) as exactly {@code meaning}. */
    private static boolean means(String text, Map<Object, Object> meaning) {
        try {
            return meaning.equals(KubeconfigText.firstDocument(text));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void write(boolean exists, String text) {
        Path target = file;
        try {
            // Replace the file a symlink points at, not the link (dotfile managers link ~/.kube/config).
            if (Files.isSymbolicLink(file)) {
                target = file.toRealPath();
            }
            Set<PosixFilePermission> mode = AtomicFile.OWNER_ONLY;
            if (exists && target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // kubectl keeps the mode of the file it rewrites; so does jminikube.
                mode = Files.getPosixFilePermissions(target);
            }
            replacer.replace(target, text.getBytes(StandardCharsets.UTF_8), mode);
        } catch (IOException e) {
            String message = "cannot write kubeconfig " + target + ": " + e.getMessage();
            boolean full = NoSpaceLeft.in(e);
            throw new JmkException(full ? Reason.RESOURCE_DISK_FULL : Reason.HOST_PATH_NOT_WRITABLE,
                    message + "; it was left as it was", e);
        }
    }

    private JmkException unsupported(String why, String advice) {
        return new JmkException(Reason.KUBECONFIG_UNSUPPORTED, file + " was left as it was: " + why, advice, null,
                null);
    }
}
