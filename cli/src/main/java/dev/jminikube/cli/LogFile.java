package dev.jminikube.cli;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * {@code --log-file FILE}: every line the command prints, each after an ISO-8601 timestamp, appended to FILE so
 * that several runs make one log. A new FILE is created readable by its owner only (0600): the output can name
 * paths, addresses and tokens of the cluster.
 */
final class LogFile implements AutoCloseable {
    private final Path path;
    private final Writer writer;

    private LogFile(Path path, Writer writer) {
        this.path = path;
        this.writer = writer;
    }

    /** Opens FILE for appending, or fails with {@link Reason#HOST_PATH_NOT_WRITABLE} and why, before any work. */
    static LogFile open(Path path) {
        try {
            if (Files.isDirectory(path)) {
                throw notWritable(path, "it is a directory");
            }
            if (!Files.exists(path) && path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return new LogFile(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        } catch (NoSuchFileException e) {
            throw notWritable(path, "its directory " + path.toAbsolutePath().getParent() + " does not exist");
        } catch (AccessDeniedException e) {
            throw notWritable(path, "permission denied");
        } catch (FileSystemException e) {
            throw notWritable(path, e.getReason() != null ? e.getReason() : e.toString());
        } catch (IOException e) {
            throw notWritable(path, e.getMessage());
        }
    }

    private static JmkException notWritable(Path path, String why) {
        return new JmkException(Reason.HOST_PATH_NOT_WRITABLE, "--log-file " + path + " cannot be written: " + why);
    }

    /** Appends one printed line after the time it was printed. */
    synchronized void line(String text) {
        try {
            writer.write(OffsetDateTime.now().truncatedTo(ChronoUnit.MILLIS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    + " " + text + "\n");
            writer.flush();
        } catch (IOException e) {
            // The command's own output already reached the terminal; a log that fills up mid-way must not fail it.
        }
    }

    Path path() {
        return path;
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            // As in line(): losing the log's tail does not change what the command did.
        }
    }
}
