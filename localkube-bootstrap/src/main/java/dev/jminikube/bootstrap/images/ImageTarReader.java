package dev.jminikube.bootstrap.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Checks a user's file before {@code jminikube image load} ships it into the node: a tar (plain or gzip)
 * with a docker-archive {@code manifest.json} or an OCI {@code index.json} + {@code oci-layout}.
 */
public final class ImageTarReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OCI_NAME_ANNOTATIONS = List.of("io.containerd.image.name",
            "org.opencontainers.image.ref.name");

    private ImageTarReader() {
    }

    public static ImageArchiveInfo inspect(Path file) {
        byte[] manifest = null;
        byte[] index = null;
        boolean ociLayout = false;
        boolean gzipped;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            gzipped = isGzip(raw);
            InputStream in = gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
            TarReader tar = new TarReader(in);
            boolean any = false;
            for (Optional<TarReader.Header> h = tar.next(); h.isPresent(); h = tar.next()) {
                any = true;
                String name = h.get().name();
                name = name.startsWith("./") ? name.substring(2) : name;
                if (name.equals("manifest.json") && h.get().isFile()) {
                    manifest = tar.readContent();
                } else if (name.equals("index.json") && h.get().isFile()) {
                    index = tar.readContent();
                } else if (name.equals("oci-layout")) {
                    ociLayout = true;
                }
            }
            if (!any) {
                throw invalid(file, "an empty tar archive");
            }
        } catch (NoSuchFileException e) {
            throw new JmkException(Reason.IMAGE_FILE_INVALID, file + ": no such file");
        } catch (TarReader.NotATarException | java.util.zip.ZipException | java.io.EOFException e) {
            throw invalid(file, "not a tar archive: " + e.getMessage());
        } catch (IOException e) {
            throw new JmkException(Reason.IMAGE_FILE_INVALID, file + ": cannot read it: " + e.getMessage(), e);
        }
        if (manifest != null) {
            return new ImageArchiveInfo(file, ImageArchiveInfo.Format.DOCKER_ARCHIVE, dockerTags(file, manifest),
                    gzipped);
        }
        if (index != null && ociLayout) {
            return new ImageArchiveInfo(file, ImageArchiveInfo.Format.OCI_LAYOUT, ociTags(file, index), gzipped);
        }
        throw invalid(file, "no manifest.json or index.json");
    }

    private static List<String> dockerTags(Path file, byte[] manifest) {
        JsonNode root = parse(file, "manifest.json", manifest);
        if (!root.isArray()) {
            throw invalid(file, "manifest.json is not a list of images");
        }
        Set<String> tags = new LinkedHashSet<>();
        for (JsonNode image : root) {
            if (!image.path("Config").isTextual() || !image.path("Layers").isArray()) {
                throw invalid(file, "manifest.json lacks Config or Layers");
            }
            image.path("RepoTags").forEach(t -> tags.add(t.asText()));
        }
        return new ArrayList<>(tags);
    }

    private static List<String> ociTags(Path file, byte[] index) {
        JsonNode root = parse(file, "index.json", index);
        if (!root.path("manifests").isArray()) {
            throw invalid(file, "index.json has no manifests");
        }
        Set<String> tags = new LinkedHashSet<>();
        for (JsonNode m : root.path("manifests")) {
            for (String key : OCI_NAME_ANNOTATIONS) {
                JsonNode name = m.path("annotations").path(key);
                if (name.isTextual() && !name.asText().isBlank()) {
                    tags.add(name.asText());
                    break;
                }
            }
        }
        return new ArrayList<>(tags);
    }

    private static JsonNode parse(Path file, String member, byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw invalid(file, member + " is not valid JSON");
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    private static JmkException invalid(Path file, String why) {
        return new JmkException(Reason.IMAGE_FILE_INVALID, file + ": not an image archive (" + why + ")");
    }
}
