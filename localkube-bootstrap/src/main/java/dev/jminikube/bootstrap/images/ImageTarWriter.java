package dev.jminikube.bootstrap.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.core.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an image as a docker-archive tar, the classic {@code docker save} layout that both
 * {@code docker load} and {@code ctr -n k8s.io images import} accept:
 * <pre>
 *   &lt;config sha256&gt;.json     image config (architecture, os, config, rootfs.diff_ids)
 *   &lt;layer sha256&gt;/layer.tar  each layer, an uncompressed tar
 *   manifest.json               [{"Config": ..., "RepoTags": [...], "Layers": [...]}]
 * </pre>
 * No {@code index.json}/{@code oci-layout}: the two loaders treat an archive with both layouts differently,
 * and the classic one is what every version of both understands. The output is deterministic: fixed
 * mtimes, sorted members, JSON with a fixed key order.
 */
public final class ImageTarWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageTarWriter() {
    }

    /** Writes the archive to {@code target} through a temporary sibling and an atomic rename. */
    public static void write(ContainerImage image, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + target.getFileName() + ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(image, out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void write(ContainerImage image, OutputStream out) {
        List<TarEntry> members = new ArrayList<>();
        List<String> layerPaths = new ArrayList<>();
        for (ImageLayer layer : image.layers()) {
            String path = layer.sha256() + "/layer.tar";
            if (!layerPaths.contains(path)) {
                members.add(TarEntry.directory(layer.sha256(), 0755));
                members.add(TarEntry.file(path, 0644, layer.tarUnsafe()));
            }
            layerPaths.add(path);
        }
        byte[] config = configJson(image);
        String configName = Sha256.of(config) + ".json";
        members.add(TarEntry.file(configName, 0644, config));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("Config", configName);
        manifest.put("RepoTags", image.repoTags());
        manifest.put("Layers", layerPaths);
        members.add(TarEntry.file("manifest.json", 0644, json(List.of(manifest))));
        TarArchive tar = new TarArchive(out);
        members.stream().sorted(java.util.Comparator.comparing(TarEntry::path)).forEach(tar::add);
        tar.finish();
    }

    /** The image config JSON; its sha256 is the image ID docker shows. */
    static byte[] configJson(ContainerImage image) {
        ImageConfig c = image.config();
        Map<String, Object> run = new LinkedHashMap<>();
        if (!c.env().isEmpty()) {
            run.put("Env", c.env());
        }
        if (!c.entrypoint().isEmpty()) {
            run.put("Entrypoint", c.entrypoint());
        }
        if (!c.cmd().isEmpty()) {
            run.put("Cmd", c.cmd());
        }
        if (!c.workingDir().isEmpty()) {
            run.put("WorkingDir", c.workingDir());
        }
        if (!c.exposedPorts().isEmpty()) {
            Map<String, Object> ports = new LinkedHashMap<>();
            c.exposedPorts().stream().sorted().forEach(p -> ports.put(p, Map.of()));
            run.put("ExposedPorts", ports);
        }
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", image.layers().stream().map(ImageLayer::diffId).toList());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", c.architecture());
        config.put("os", "linux");
        config.put("config", run);
        config.put("rootfs", rootfs);
        return json(config);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise image JSON", e);
        }
    }
}
