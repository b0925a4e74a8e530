package dev.jminikube.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlagValuesTest {
    private static final Flag SIZE = new Flag("--memory", Reason.RESOURCE_MEMORY, "a size", "4g");
    private static final Flag COUNT = new Flag("--count", Reason.USAGE, "a whole number", "3");
    private static final Flag MIRROR = new Flag("--mirror", Reason.USAGE, "an http(s) or file URL", "https://x/y");
    private static final Set<String> WEB_AND_FILE = Set.of("http", "https", "file");

    private static JmkException failure(Runnable parse) {
        JmkException e = catchThrowableOfType(JmkException.class, parse::run);
        assertThat(e).as("a JmkException").isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        return e;
    }

    @ParameterizedTest
    @CsvSource({"2200, 2200", "2200mb, 2200", "2200MB, 2200", "4g, 4096", "4 GiB, 4096", "1t, 1048576",
            "3145728k, 3072", "2147483648b, 2048", "0, 0", "1024tb, 1073741824"})
    void sizesAreMegabytes(String text, long mb) {
        assertThat(FlagValues.megabytes(SIZE, text)).isEqualTo(mb);
    }

    @Test
    void aSizeWithTooManyDigitsIsTooLargeNotAnOverflow() {
        JmkException e = failure(() -> FlagValues.megabytes(SIZE, "99999999999999999999"));
        assertThat(e.reason()).isEqualTo(Reason.RESOURCE_MEMORY);
        assertThat(e.getMessage()).isEqualTo("--memory '99999999999999999999' is too large (at most 1024t)");
        assertThat(e.advice()).isEqualTo("--memory takes a size, e.g. --memory=4g.");
        // A unit that multiplies past a long is caught too (it used to wrap round to a negative size).
        assertThat(failure(() -> FlagValues.megabytes(SIZE, "9999999999999999g")).getMessage()).contains("too large");
        assertThat(failure(() -> FlagValues.megabytes(SIZE, "1025t")).getMessage()).contains("too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "four", "4x", "-4g", "4.5g", "4 g b", "0x10"})
    void whatIsNotASizeIsSaidSo(String text) {
        assertThat(failure(() -> FlagValues.megabytes(SIZE, text)).getMessage())
                .isEqualTo("--memory '" + text + "' is not a size");
    }

    @Test
    void wholeNumbersKeepToTheirRange() {
        assertThat(FlagValues.wholeNumber(COUNT, " 42 ", 1, 100)).isEqualTo(42);
        assertThat(failure(() -> FlagValues.wholeNumber(COUNT, "99999999999999999999999", 0, Long.MAX_VALUE))
                .getMessage()).isEqualTo("--count '99999999999999999999999' is too large (at most 9223372036854775807)");
        assertThat(failure(() -> FlagValues.wholeNumber(COUNT, "0", 1, 9)).getMessage()).contains("too small (at least 1)");
        assertThat(failure(() -> FlagValues.wholeNumber(COUNT, "-1", 0, 9)).getMessage()).contains("not a whole number");
        assertThat(failure(() -> FlagValues.wholeNumber(COUNT, null, 0, 9)).getMessage())
                .isEqualTo("--count '' is not a whole number");
    }

    @Test
    void webAndFileUrlsThatTheJdkTakesPass() {
        assertThat(FlagValues.url(MIRROR, "https://mirror.example/k8s/", WEB_AND_FILE))
                .isEqualTo(URI.create("https://mirror.example/k8s/"));
        assertThat(FlagValues.url(MIRROR, "HTTP://127.0.0.1:8080", WEB_AND_FILE)).hasHost("127.0.0.1").hasPort(8080);
        URI file = FlagValues.url(MIRROR, "file:///srv/k8s%20tree", WEB_AND_FILE);
        assertThat(FlagValues.localPath(MIRROR, "x", file)).isEqualTo(Path.of("/srv/k8s tree"));
        assertThat(FlagValues.url(MIRROR, "file://localhost/srv/k8s", WEB_AND_FILE)).isEqualTo(URI.create("file:/srv/k8s"));
        assertThat(FlagValues.url(MIRROR, "file:/srv/k8s", WEB_AND_FILE)).isEqualTo(URI.create("file:/srv/k8s"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "file://host/x.iso | names the host 'host', but only files on this host can be read",
            "file:relative.iso | is not an absolute file URL",
            "file:///x%zz.iso | is not a valid URL: malformed escape pair at character 10 (a '%' starts",
            "https://mirror/%zz | is not a valid URL: malformed escape pair at character 16",
            "https:///nohost | has no valid host name (write https://HOST/path)",
            "http://under_score/x | has no valid host name",
            "https://a b/ | is not a valid URL: illegal character in authority at character 9",
            "ftp://example.com/k8s | is not a URL of a kind jminikube reads (file://, http://, https://)",
            "mirror/relative | has no scheme (expected file://, http://, https://)",
            "file:///x.iso?v=1 | has a query (?) or fragment (#)",
            "file:///tmp/a%00b | holds a NUL (\\0)",
            "'' | is empty"})
    void urlsTheJdkWouldRefuseLaterAreRefusedNowNamingTheFlag(String text, String problem) {
        JmkException e = failure(() -> FlagValues.url(MIRROR, text, WEB_AND_FILE));
        assertThat(e.reason()).isEqualTo(Reason.USAGE);
        assertThat(e.getMessage()).startsWith("--mirror '" + text + "' " + problem);
        assertThat(e.advice()).isEqualTo("--mirror takes an http(s) or file URL, e.g. --mirror=https://x/y.");
    }

    @Test
    void controlCharactersInAValueAreShownEscapedSoTheMessageStaysOneLine() {
        JmkException e = failure(() -> FlagValues.url(MIRROR, "https://a/\nb", WEB_AND_FILE));
        assertThat(e.getMessage()).isEqualTo("--mirror 'https://a/\\nb' holds a line feed (\\n)");
        assertThat(failure(() -> FlagValues.path(MIRROR, "/tmp/a\u0000b")).getMessage())
                .isEqualTo("--mirror '/tmp/a\\0b' holds a NUL (\\0)");
    }

    @Test
    void pathsAreTakenAsTyped() {
        assertThat(FlagValues.path(MIRROR, " node.iso ")).isEqualTo(Path.of("node.iso"));
        assertThat(failure(() -> FlagValues.path(MIRROR, " ")).getMessage()).isEqualTo("--mirror ' ' is empty");
    }
}
