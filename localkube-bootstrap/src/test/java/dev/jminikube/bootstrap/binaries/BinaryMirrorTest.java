package dev.jminikube.bootstrap.binaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BinaryMirrorTest {
    @Test
    void httpsAndFileMirrorsNeedNoOptIn() {
        assertThat(BinaryMirror.parse("https://mirror.example/release/", false).base())
                .isEqualTo(URI.create("https://mirror.example/release"));
        assertThat(BinaryMirror.parse("file:///srv/release", false).base()).isEqualTo(URI.create("file:/srv/release"));
        assertThat(BinaryMirror.parse("/srv/release", false).base().getScheme()).isEqualTo("file");
        assertThat(BinaryMirror.parse("https://mirror.example/release", false).insecure()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://mirror.example/release", "HTTP://10.0.0.1:8080/release/"})
    void plainHttpIsRefusedWithoutTheOptInAndSaysWhy(String url) {
        JmkException e = catchThrowableOfType(JmkException.class, () -> BinaryMirror.parse(url, false));
        assertThat(e.reason()).isEqualTo(Reason.USAGE);
        assertThat(e.getMessage()).isEqualTo("--binary-mirror '" + url + "' is plain http: the checksums would come "
                + "over the same unauthenticated connection as the binaries, so they prove nothing");
        assertThat(e.advice()).contains("https://").contains("--insecure-binary-mirror");
    }

    @Test
    void plainHttpIsTakenWithTheOptIn() {
        BinaryMirror mirror = BinaryMirror.parse("http://mirror.example/release", true);
        assertThat(mirror.base()).isEqualTo(URI.create("http://mirror.example/release"));
        assertThat(mirror.insecure()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "file:relative | is not an absolute file URL",
            "https:///nohost | has no valid host name",
            "https://mirror/%zz | is not a valid URL: malformed escape pair",
            "file://otherhost/srv | names the host 'otherhost'",
            "ftp://mirror/release | is not a URL of a kind jminikube reads",
            "relative/dir | has no scheme"})
    void whatIsNotAMirrorIsAUsageErrorNamingTheFlag(String url, String problem) {
        // Even with the opt-in: it allows plain http, nothing else.
        JmkException e = catchThrowableOfType(JmkException.class, () -> BinaryMirror.parse(url, true));
        assertThat(e.reason()).isEqualTo(Reason.USAGE);
        assertThat(e.getMessage()).startsWith("--binary-mirror '" + url + "' " + problem);
        assertThat(e.advice()).startsWith("--binary-mirror takes the https://, file:// URL or absolute path")
                .endsWith("e.g. --binary-mirror=https://mirror.example/kubernetes/release.");
    }
}
