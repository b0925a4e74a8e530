package dev.jminikube.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {

    static Stream<Arguments> words() {
        return Stream.of(
                Arguments.of("plain", "plain"),
                Arguments.of("/usr/bin/kubeadm", "/usr/bin/kubeadm"),
                Arguments.of("--flag=a,b:c@d%e+f", "--flag=a,b:c@d%e+f"),
                Arguments.of("", "''"),
                Arguments.of("a b", "'a b'"),
                Arguments.of("a'b", "'a'\"'\"'b'"),
                Arguments.of("'", "''\"'\"''"),
                Arguments.of("$HOME", "'$HOME'"),
                Arguments.of("*.conf", "'*.conf'"),
                Arguments.of("~", "'~'"),
                Arguments.of("a\"b", "'a\"b'"),
                Arguments.of("back\\slash", "'back\\slash'"),
                Arguments.of("semi;colon", "'semi;colon'"),
                Arguments.of("new\nline", "'new\nline'"),
                Arguments.of("ünïcödé", "'ünïcödé'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("words")
    void quotesOnlyWhatNeedsIt(String word, String quoted) {
        assertThat(ShellQuoting.quote(word)).isEqualTo(quoted);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("words")
    void aRealShellReadsTheQuotedWordBackUnchanged(String word, String ignored) {
        CommandResult result = new LocalCommandRunner().run("sh", "-c", "printf %s " + ShellQuoting.quote(word));

        assertThat(result.stdout()).isEqualTo(word);
    }

    @Test
    void joinQuotesEachWordAndSeparatesWithSpaces() {
        assertThat(ShellQuoting.join(List.of("sh", "-c", "exit 3"))).isEqualTo("sh -c 'exit 3'");
        assertThat(ShellQuoting.join(List.of())).isEmpty();
    }
}
