package dev.jminikube.bootstrap.images;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ImageTarReader#inspect} found in an image archive.
 *
 * @param repoTags the image names it carries; may be empty (an untagged {@code docker save <id>})
 * @param gzipped  the tar was gzip-compressed ({@code docker save | gzip}); loaders may need it decompressed
 */
public record ImageArchiveInfo(Path file, Format format, List<String> repoTags, boolean gzipped) {
    public enum Format {
        /** {@code manifest.json} at the top: docker save's classic layout (docker 25+ writes both; this wins). */
        DOCKER_ARCHIVE,
        /** {@code index.json} and {@code oci-layout}: an OCI image layout. */
        OCI_LAYOUT
    }

    public ImageArchiveInfo {
        repoTags = List.copyOf(repoTags);
    }
}
