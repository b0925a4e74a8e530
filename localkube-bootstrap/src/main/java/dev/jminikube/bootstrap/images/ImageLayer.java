package dev.jminikube.bootstrap.images;

import dev.jminikube.core.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image layer as an uncompressed tar built from in-memory entries. Parent directories are added
 * (0755) where not given, entries are sorted, mtimes fixed: the same entries give the same diff_id.
 */
public final class ImageLayer {
    private final byte[] tar;
    private final String sha256;

    private ImageLayer(byte[] tar) {
        this.tar = tar;
        this.sha256 = Sha256.of(tar);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The layer tar, as it goes into the image archive. */
    public byte[] tar() {
        return tar.clone();
    }

    byte[] tarUnsafe() {
        return tar;
    }

    /** Hex sha256 of the uncompressed layer tar. */
    public String sha256() {
        return sha256;
    }

    /** {@code sha256:<hex>}, as the config's {@code rootfs.diff_ids} lists it. */
    public String diffId() {
        return "sha256:" + sha256;
    }

    public static final class Builder {
        private final Map<String, TarEntry> entries = new LinkedHashMap<>();

        public Builder file(String path, int mode, byte[] content) {
            return add(TarEntry.file(path, mode, content));
        }

        /** A host file's bytes (e.g. a static binary); the mode is given, not copied, so layers stay reproducible. */
        public Builder file(String path, int mode, Path source) {
            try {
                return file(path, mode, Files.readAllBytes(source));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + source + " for an image layer", e);
            }
        }

        public Builder directory(String path, int mode) {
            return add(TarEntry.directory(path, mode));
        }

        public Builder symlink(String path, String target) {
            return add(TarEntry.symlink(path, target));
        }

        public Builder add(TarEntry entry) {
            if (entries.putIfAbsent(entry.path(), entry) != null) {
                throw new IllegalArgumentException("two entries for " + entry.path() + " in one layer");
            }
            return this;
        }

        public ImageLayer build() {
            Map<String, TarEntry> all = new LinkedHashMap<>(entries);
            for (String path : entries.keySet()) {
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    all.putIfAbsent(path.substring(0, slash), TarEntry.directory(path.substring(0, slash), 0755));
                }
            }
            return new ImageLayer(TarArchive.of(new ArrayList<>(all.values())));
        }

        List<TarEntry> entries() {
            return List.copyOf(entries.values());
        }
    }
}
