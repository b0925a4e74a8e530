package dev.jminikube.drivers.virtualbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code VBoxManage --version} as Oracle's and the distributions' builds print it. */
class VBoxVersionTest {

    @ParameterizedTest
    @CsvSource({
        "7.0.14r161095, 7.0.14, true",
        "7.1.4r165100, 7.1.4, true",
        "6.1.50_Ubuntur161033, 6.1.50, true",
        "6.1.26_Debianr145957, 6.1.26, true",
        "6.1.0r135406, 6.1.0, true",
        "6.0.24r139119, 6.0.24, false",
        "5.2.44r139111, 5.2.44, false",
        "4.1.2_Ubuntur38459, 4.1.2, false",
        "5.1, 5.1.0, false",
    })
    void parsesAndComparesToTheMinimum(String printed, String number, boolean supported) {
        VBoxVersion v = VBoxVersion.parse(printed).orElseThrow();
        assertThat(v.number()).isEqualTo(number);
        assertThat(v.text()).isEqualTo(printed);
        assertThat(v.atLeast(VBoxVersion.MINIMUM)).isEqualTo(supported);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X.Y", "WARNING: The vboxdrv kernel module is not loaded.", "7", "v7.0.14"})
    void textThatIsNoVersion(String printed) {
        assertThat(VBoxVersion.parse(printed)).isEmpty();
    }

    @Test
    void aWarningBeforeTheVersionIsKeptApart() {
        VBoxVersion.Report r = VBoxVersion.readVersionOutput(VBoxHealthTest.KERNEL_MODULE_WARNING + "6.0.8r130520\n");
        assertThat(r.version()).hasValueSatisfying(v -> assertThat(v.number()).isEqualTo("6.0.8"));
        assertThat(r.warning()).startsWith("WARNING: The vboxdrv kernel module is not loaded.")
                .endsWith("You will not be able to start VMs until this problem is fixed.");
    }

    @Test
    void plainVersionHasNoWarning() {
        VBoxVersion.Report r = VBoxVersion.readVersionOutput("7.0.14r161095\n\n");
        assertThat(r.version()).isPresent();
        assertThat(r.warning()).isEmpty();
        assertThat(VBoxVersion.readVersionOutput("").version()).isEmpty();
    }
}
