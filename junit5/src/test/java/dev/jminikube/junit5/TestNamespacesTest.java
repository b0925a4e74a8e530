package dev.jminikube.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestNamespacesTest {
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    @Test
    void theMethodNameInLowerCaseWithARandomSuffix() {
        assertThat(TestNamespaces.forMethod("deploysAndAnswers", "ab1c2")).isEqualTo("test-deploysandanswers-ab1c2");
        assertThat(TestNamespaces.forMethod("deploysAndAnswers")).matches("test-deploysandanswers-[a-z0-9]{5}")
                .isNotEqualTo(TestNamespaces.forMethod("deploysAndAnswers"));
    }

    @Test
    void charactersOutsideADnsLabelBecomeDashes() {
        assertThat(TestNamespaces.forMethod("_weird__Name$1_", "xxxxx")).isEqualTo("test-weird-name-1-xxxxx");
        assertThat(TestNamespaces.forMethod("___", "xxxxx")).isEqualTo("test-xxxxx");
    }

    @Test
    void aLongNameIsCutToALabelThatEndsWell() {
        String name = TestNamespaces.forMethod("a".repeat(50) + "_" + "b".repeat(50), "xxxxx");
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).endsWith("-xxxxx");
        String cutAtADash = TestNamespaces.forMethod("a".repeat(51) + "_b", "xxxxx");
        assertThat(cutAtADash).matches(DNS_LABEL).doesNotContain("--");
    }
}
