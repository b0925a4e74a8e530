package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"minikube", "dev", "a", "p-1", "1st", "ABC-def-123", "x234567890123456789012345678901234567890"})
    void accepts(String name) {
        assertThat(ProfileName.validate(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-lead", "a/b", "../etc", "with space", "dot.ted", "under_score", "é", "trail-",
            "x2345678901234567890123456789012345678901"})
    void rejects(String name) {
        assertThatThrownBy(() -> ProfileName.validate(name))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE_NAME_INVALID));
    }
}
