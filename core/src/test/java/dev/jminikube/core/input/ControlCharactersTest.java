package dev.jminikube.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ControlCharactersTest {
    @ParameterizedTest
    @ValueSource(chars = {'\n', '\r', '\0', '\t', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029'})
    void lineBreakingAndOtherControlCharactersAreFound(char c) {
        assertThat(ControlCharacters.isControl(c)).isTrue();
        assertThat(ControlCharacters.firstIndex("ab" + c + "c")).hasValue(2);
        assertThat(ControlCharacters.escape("ab" + c)).startsWith("ab\\").hasSizeGreaterThan(3)
                .satisfies(s -> assertThat(ControlCharacters.firstIndex(s)).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory.available<100Mi,nodefs.available<5%", "a b", "é ü 日本", "\"quoted\" 'x' \\ ; $"})
    void printableTextIsLeftAlone(String text) {
        assertThat(ControlCharacters.firstIndex(text)).isEmpty();
        assertThat(ControlCharacters.escape(text)).isSameAs(text);
    }

    @Test
    void escapesAreTheFamiliarOnes() {
        assertThat(ControlCharacters.escape("a\nb\rc\td\0e\u007f")).isEqualTo("a\\nb\\rc\\td\\0e\\u007f");
        assertThat(ControlCharacters.describe('\n')).isEqualTo("a line feed (\\n)");
        assertThat(ControlCharacters.describe('\u001b')).isEqualTo("the control character \\u001b");
    }
}
