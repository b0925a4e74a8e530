package dev.jminikube.bootstrap.binaries;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads files of a release tree over http(s) (JDK HttpClient) or from {@code file:} URLs, downloading into a
 * {@code .part} file that a later call resumes (HTTP Range) instead of starting over.
 */
final class Downloader {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Until the response headers arrive; the body of a 100 MB binary may take longer. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    /** The server could not be reached at all; {@code getMessage()} says why in a few words. */
    static final class UnreachableException extends IOException {
        UnreachableException(String why, Throwable cause) {
            super(why, cause);
        }
    }

    /** An HTTP answer other than the ones a release tree gives. */
    static final class HttpStatusException extends IOException {
        final int status;

        HttpStatusException(URI uri, int status) {
            super("HTTP " + status + " for " + uri);
            this.status = status;
        }
    }

    private final HttpClient client;

    Downloader() {
        this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    Downloader(HttpClient client) {
        this.client = client;
    }

    /** A small text file; empty when the tree has no such file (404, or 403 as object stores say it). */
    Optional<String> readText(URI uri) throws IOException {
        if (isFile(uri)) {
            try {
                return Optional.of(Files.readString(Path.of(uri), StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() == 200) {
            return Optional.of(response.body());
        }
        if (isMissing(response.statusCode())) {
            return Optional.empty();
        }
        throw new HttpStatusException(uri, response.statusCode());
    }

    boolean exists(URI uri) throws IOException {
        if (isFile(uri)) {
            return Files.isRegularFile(Path.of(uri));
        }
        HttpResponse<Void> response = send(HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
            return true;
        }
        if (isMissing(response.statusCode())) {
            return false;
        }
        throw new HttpStatusException(uri, response.statusCode());
    }

    /**
     * Completes {@code part} with the content of {@code uri}: continues after the bytes it already has when the
     * server honours the Range (206), starts over when it answers the whole file (200).
     *
     * @return false when the tree has no such file
     */
    boolean download(URI uri, Path part, String label, ProgressListener progress) throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (isFile(uri)) {
            return copyFile(Path.of(uri), part, have, label, progress);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            boolean resumed = status == 206 && have > 0 && rangeStart(response).orElse(-1) == have;
            if (have > 0 && (status == 416 || status == 206 && !resumed)) {
                // The .part is all of the file already, or the server sent another range: start over.
                Files.delete(part);
                return download(uri, part, label, progress);
            }
            if (isMissing(status)) {
                return false;
            }
            if (status != 200 && !resumed) {
                throw new HttpStatusException(uri, status);
            }
            long offset = resumed ? have : 0;
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            long total = length.isPresent() ? offset + length.getAsLong() : -1;
            try (OutputStream out = resumed
                    ? Files.newOutputStream(part, StandardOpenOption.APPEND)
                    : Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                copy(body, out, offset, total, label, progress);
            }
        }
        return true;
    }

    private static boolean copyFile(Path source, Path part, long have, String label, ProgressListener progress)
            throws IOException {
        if (!Files.isRegularFile(source)) {
            return false;
        }
        long total = Files.size(source);
        long offset = have <= total ? have : 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     offset > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            in.position(offset);
            copy(Channels.newInputStream(in), out, offset, total, label, progress);
        }
        return true;
    }

    private static void copy(InputStream in, OutputStream out, long offset, long total, String label,
                             ProgressListener progress) throws IOException {
        byte[] buf = new byte[1 << 16];
        long done = offset;
        progress.bytes(label, done, total);
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            done += n;
            progress.bytes(label, done, total);
        }
        if (total < 0) {
            progress.bytes(label, done, done);
        }
    }

    /** The first byte of a 206 answer, from {@code Content-Range: bytes 100-199/200}. */
    private static OptionalLong rangeStart(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Range").map(v -> {
            String s = v.trim();
            if (!s.startsWith("bytes ") || s.indexOf('-') < 0) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseLong(s.substring(6, s.indexOf('-')).trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }).orElse(OptionalLong.empty());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new UnreachableException("no answer within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new UnreachableException(connectFailure(e, request.uri()), e);
        } catch (HttpTimeoutException e) {
            throw new IOException("no response within " + RESPONSE_TIMEOUT.toSeconds() + " s from " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while fetching " + request.uri());
        }
    }

    /** "connection refused", "cannot resolve dl.k8s.io": what a user can act on, not a stack of exceptions. */
    private static String connectFailure(ConnectException e, URI uri) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "cannot resolve " + uri.getHost();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().toLowerCase(java.util.Locale.ROOT);
            }
        }
        // The JDK client reports a refused connection as a message-less ClosedChannelException.
        return "connection refused";
    }

    private static boolean isMissing(int status) {
        return status == 404 || status == 403 || status == 410;
    }

    private static boolean isFile(URI uri) {
        return "file".equalsIgnoreCase(uri.getScheme());
    }
}
