package dev.jminikube.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddonStateFileTest {
    @TempDir
    Path machineDir;

    private Path file() {
        return machineDir.resolve("addons.json");
    }

    private JmkException damaged(String content) throws Exception {
        Files.writeString(file(), content);
        JmkException e = catchThrowableOfType(JmkException.class, () -> AddonStateFile.in(machineDir).choices());
        assertThat(e).as("reading %s", content).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.STATE_FILE_CORRUPT);
        assertThat(e.getMessage()).startsWith(file() + " is damaged: ").doesNotContain("\n");
        assertThat(e.advice()).startsWith("Fix " + file()).endsWith("or delete it to go back to the default add-ons.");
        return e;
    }

    @Test
    void recordedChoicesReadBack() {
        AddonStateFile state = AddonStateFile.in(machineDir);
        assertThat(state.choices()).isEmpty();
        state.record("dashboard", true);
        state.record("coredns", false);
        assertThat(state.choices()).isEqualTo(Map.of("dashboard", true, "coredns", false));
        assertThat(state.enabled(AddonCatalog.builtin().lookup("coredns"))).isFalse();
        assertThat(state.enabled(AddonCatalog.builtin().lookup("storage-provisioner"))).isTrue();
    }

    @Test
    void fieldsOfANewerVersionAreIgnored() throws Exception {
        Files.writeString(file(), "{\"enabled\":{\"dashboard\":true},\"settings\":{\"x\":1}}");
        assertThat(AddonStateFile.in(machineDir).choices()).isEqualTo(Map.of("dashboard", true));
    }

    @Test
    void notJsonIsADamagedFile() throws Exception {
        assertThat(damaged("coredns=yes").getMessage()).contains("it is not valid JSON at line 1");
    }

    @Test
    void emptyOrTruncatedIsADamagedFile() throws Exception {
        assertThat(damaged("").getMessage()).endsWith("it is empty");
        assertThat(damaged("{\"enabled\":{\"dashboard\":tr").getMessage()).contains("line 1");
        assertThat(damaged("{\"enabled\":{\"dashboard\":true").getMessage()).contains("it ends early");
    }

    @Test
    void aChoiceThatIsNotABooleanIsAnErrorNotDisabled() throws Exception {
        assertThat(damaged("{\"enabled\":{\"coredns\":\"yes\"}}").getMessage())
                .contains("field 'enabled.coredns' at line 1").contains("expected true or false, found the string \"yes\"");
        assertThat(damaged("{\"enabled\":{\"coredns\":1}}").getMessage()).contains("field 'enabled.coredns'");
        assertThat(damaged("{\"enabled\":{\"coredns\":null}}").getMessage())
                .endsWith("field 'enabled.coredns' is null; expected true or false");
        assertThat(damaged("{\"enabled\":[\"coredns\"]}").getMessage()).contains("field 'enabled'");
    }

    @Test
    void choicesOutsideTheEnabledObjectAreAnErrorNotIgnored() throws Exception {
        // What a hand edit easily produces: read as "no choices", it would silently bring the defaults back.
        assertThat(damaged("{\"coredns\":\"yes\"}").getMessage()).contains("has no \"enabled\" object");
    }

    @Test
    void recordingOverADamagedFileRefusesInsteadOfLosingTheOtherChoices() throws Exception {
        Files.writeString(file(), "{\"enabled\":{\"dashboard\":true,\"coredns\":\"no\"}}");
        assertThat(catchThrowableOfType(JmkException.class, () -> AddonStateFile.in(machineDir).record("x", true))
                .reason()).isEqualTo(Reason.STATE_FILE_CORRUPT);
        assertThat(Files.readString(file())).contains("\"coredns\":\"no\"");
    }
}
