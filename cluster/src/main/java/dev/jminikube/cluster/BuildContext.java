package dev.jminikube.cluster;

import dev.jminikube.bootstrap.images.TarArchive;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What {@code image build} sends to the node: the context directory as a tar (what {@code .dockerignore} leaves
 * out is not sent; the Dockerfile and .dockerignore always are, as docker's own client does), and the Dockerfile's
 * name inside it. Everything is checked and listed before the first byte goes out, so an unreadable file is an
 * error here, not a broken stream half-way.
 */
public final class BuildContext {
    /** The name a Dockerfile from outside the context gets inside it. */
    static final String OUTSIDE_DOCKERFILE = ".jminikube-Dockerfile";

    private final Path dir;
    private final Path dockerfile;
    private final String dockerfileName;
    private final TreeMap<String, Path> entries;

    private BuildContext(Path dir, Path dockerfile, String dockerfileName, TreeMap<String, Path> entries) {
        this.dir = dir;
        this.dockerfile = dockerfile;
        this.dockerfileName = dockerfileName;
        this.entries = entries;
    }

    /**
     * The context of {@code dir} with {@code dockerfile} ({@code dir/Dockerfile} when empty; a relative one is taken
     * from the current directory, as {@code docker build -f} does).
     */
    public static BuildContext of(Path dir, Optional<Path> dockerfile) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new JmkException(Reason.BUILD_CONTEXT_INVALID, "build context " + dir + " is not a directory");
        }
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            throw new JmkException(Reason.BUILD_CONTEXT_INVALID, "build context " + dir + " cannot be read");
        }
        Path file = dockerfile.map(f -> f.toAbsolutePath().normalize()).orElse(root.resolve("Dockerfile"));
        if (!Files.isRegularFile(file)) {
            throw new JmkException(Reason.BUILD_CONTEXT_INVALID, "no Dockerfile at " + file);
        }
        if (!Files.isReadable(file)) {
            throw new JmkException(Reason.BUILD_CONTEXT_INVALID, "the Dockerfile " + file + " cannot be read");
        }
        boolean inside = file.startsWith(root);
        String name = inside ? root.relativize(file).toString().replace('\\', '/') : OUTSIDE_DOCKERFILE;
        Ignore ignore = Ignore.read(root.resolve(".dockerignore"));
        TreeMap<String, Path> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString().replace('\\', '/');
                boolean always = rel.equals(name) || rel.equals(".dockerignore");
                if (!always && ignore.excludes(rel)) {
                    continue;
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isReadable(p)) {
                    throw new JmkException(Reason.BUILD_CONTEXT_INVALID, p + " in the build context cannot be read")
                            .withAdvice("Make it readable, or leave it out of the build with a line in "
                                    + root.resolve(".dockerignore") + ".");
                }
                entries.put(rel, p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new JmkException(Reason.BUILD_CONTEXT_INVALID, "cannot read the build context " + dir + ": "
                    + (e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage()), e);
        }
        if (!inside) {
            entries.put(OUTSIDE_DOCKERFILE, file);
        }
        return new BuildContext(root, file, name, entries);
    }

    /** The Dockerfile's name inside the context, for {@code docker build -f}. */
    public String dockerfileName() {
        return dockerfileName;
    }

    /** The paths (relative to the context, '/'-separated) that are sent, in the order they are. */
    public List<String> paths() {
        return List.copyOf(entries.keySet());
    }

    /**
     * The images the Dockerfile's stages start {@code FROM}, in order: not {@code scratch}, not an earlier stage, and
     * not one named through a build argument (those the node resolves itself, or fails on).
     */
    public List<String> baseImages() {
        String text;
        try {
            text = Files.readString(dockerfile);
        } catch (IOException e) {
            throw new JmkException(Reason.BUILD_CONTEXT_INVALID, "cannot read " + dockerfile + ": " + e.getMessage(), e);
        }
        Set<String> stages = new LinkedHashSet<>();
        Set<String> bases = new LinkedHashSet<>();
        for (String line : text.replace("\\\r\n", " ").replace("\\\n", " ").lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 2 || !words[0].equalsIgnoreCase("FROM")) {
                continue;
            }
            int i = 1;
            while (i < words.length && words[i].startsWith("--")) {
                i++;
            }
            if (i >= words.length) {
                continue;
            }
            String image = words[i];
            if (i + 2 < words.length && words[i + 1].equalsIgnoreCase("AS")) {
                stages.add(words[i + 2].toLowerCase(Locale.ROOT));
            }
            if (!image.equalsIgnoreCase("scratch") && !image.contains("$")
                    && !stages.contains(image.toLowerCase(Locale.ROOT))) {
                bases.add(image);
            }
        }
        bases.removeIf(b -> stages.contains(b.toLowerCase(Locale.ROOT)));
        return List.copyOf(bases);
    }

    /** Writes the context as a tar to {@code out} (not closed), entries in path order with their modes. */
    public void writeTar(OutputStream out) {
        TarArchive tar = new TarArchive(out);
        for (var e : entries.entrySet()) {
            Path p = e.getValue();
            try {
                int mode = mode(p);
                if (Files.isSymbolicLink(p)) {
                    tar.add(dev.jminikube.bootstrap.images.TarEntry.symlink(e.getKey(), Files.readSymbolicLink(p)
                            .toString()));
                } else if (Files.isDirectory(p)) {
                    tar.add(dev.jminikube.bootstrap.images.TarEntry.directory(e.getKey(), mode));
                } else if (Files.isRegularFile(p)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        tar.addFile(e.getKey(), mode, Files.size(p), in);
                    }
                }
                // sockets, fifos and devices are not sent, as docker's client leaves them out too
            } catch (IOException ex) {
                throw new UncheckedIOException(p + ": " + ex.getMessage(), ex);
            }
        }
        tar.finish();
    }

    public Path dir() {
        return dir;
    }

    private static int mode(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return 0777;
        }
        try {
            int mode = 0;
            for (PosixFilePermission perm : Files.getPosixFilePermissions(p)) {
                mode |= 1 << (8 - perm.ordinal());
            }
            return mode;
        } catch (UnsupportedOperationException e) {
            // Windows: no POSIX modes; directories and files as docker's Windows client sends them
            return Files.isDirectory(p) ? 0755 : 0644;
        }
    }

    /**
     * {@code .dockerignore}: one pattern per line ({@code #} comments, blank lines skipped), Go-style globs where
     * {@code **} spans directories; a pattern also excludes everything under a directory it names; a later
     * {@code !pattern} takes an earlier exclusion back.
     */
    record Ignore(List<Rule> rules) {
        record Rule(PathMatcher matcher, boolean exception) {
        }

        static Ignore read(Path file) {
            if (!Files.isRegularFile(file)) {
                return new Ignore(List.of());
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new JmkException(Reason.BUILD_CONTEXT_INVALID, "cannot read " + file + ": " + e.getMessage(), e);
            }
            List<Rule> rules = new ArrayList<>();
            for (String raw : lines) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                boolean exception = line.startsWith("!");
                String pattern = (exception ? line.substring(1) : line).strip();
                while (pattern.startsWith("/") || pattern.startsWith("./")) {
                    pattern = pattern.substring(pattern.startsWith("/") ? 1 : 2);
                }
                while (pattern.endsWith("/") && pattern.length() > 1) {
                    pattern = pattern.substring(0, pattern.length() - 1);
                }
                if (pattern.isEmpty()) {
                    continue;
                }
                try {
                    rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + pattern), exception));
                    // docker's '**/' also matches no directory at all ('**/.env' is the root's .env too); Java's needs one
                    String rest = pattern;
                    while (rest.startsWith("**/")) {
                        rest = rest.substring(3);
                        rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + rest), exception));
                    }
                } catch (IllegalArgumentException e) { // PatternSyntaxException among them
                    throw new JmkException(Reason.BUILD_CONTEXT_INVALID, file + ": the pattern \"" + raw.strip()
                            + "\" is not valid: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
            return new Ignore(rules);
        }

        boolean excludes(String rel) {
            boolean excluded = false;
            for (Rule rule : rules) {
                if (matchesOrUnder(rule.matcher(), rel)) {
                    excluded = !rule.exception();
                }
            }
            return excluded;
        }

        /** The pattern names the path itself or one of the directories it lies in. */
        private static boolean matchesOrUnder(PathMatcher matcher, String rel) {
            String path = rel;
            while (true) {
                if (matcher.matches(Path.of(path))) {
                    return true;
                }
                int slash = path.lastIndexOf('/');
                if (slash < 0) {
                    return false;
                }
                path = path.substring(0, slash);
            }
        }
    }
}
