package dev.jminikube.bootstrap.units;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SystemdQuotingTest {
    @Test
    void plainArgumentsStayAsTheyAre() {
        assertThat(SystemdQuoting.quote("--controllers=*,bootstrapsigner,tokencleaner"))
                .isEqualTo("--controllers=*,bootstrapsigner,tokencleaner");
    }

    @Test
    void specifiersAndVariablesAreEscaped() {
        assertThat(SystemdQuoting.quote("--eviction-hard=nodefs.available<5%")).isEqualTo("--eviction-hard=nodefs.available<5%%");
        assertThat(SystemdQuoting.quote("--x=$HOME")).isEqualTo("--x=$$HOME");
    }

    @Test
    void whitespaceAndQuotesAreQuoted() {
        assertThat(SystemdQuoting.quote("--a=b c")).isEqualTo("\"--a=b c\"");
        assertThat(SystemdQuoting.quote("--a=\"x\"")).isEqualTo("\"--a=\\\"x\\\"\"");
        assertThat(SystemdQuoting.quote("")).isEqualTo("\"\"");
    }
}
