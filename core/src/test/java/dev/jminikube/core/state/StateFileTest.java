package dev.jminikube.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.state.StateFile.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
    record Settings(String name, int count, boolean active, List<String> items, Map<String, Boolean> flags) {
        Settings {
            Objects.requireNonNull(name, "name");
        }
    }

    @TempDir
    Path dir;

    private JmkException damaged(Format format, String content) throws Exception {
        Path file = dir.resolve(format == Format.JSON ? "s.json" : "s.yaml");
        Files.writeString(file, content);
        JmkException e = catchThrowableOfType(JmkException.class,
                () -> new StateFile(file, format, "Fix or delete " + file + ".").read(Settings.class));
        assertThat(e).as("reading %s", content).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.STATE_FILE_CORRUPT);
        assertThat(e.getMessage()).startsWith(file + " is damaged: ").doesNotContain("\n");
        assertThat(e.advice()).isEqualTo("Fix or delete " + file + ".");
        return e;
    }

    @Test
    void readsWhatWasWrittenAndIgnoresFieldsItDoesNotKnow() throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"name\":\"a\",\"count\":2,\"active\":true,\"items\":[\"x\"],\"flags\":{\"f\":false},"
                + "\"fromANewerVersion\":{\"z\":1}}");
        assertThat(new StateFile(file, Format.JSON, "fix").read(Settings.class))
                .contains(new Settings("a", 2, true, List.of("x"), Map.of("f", false)));
        Path yaml = dir.resolve("s.yaml");
        Files.writeString(yaml, "name: a\ncount: 2\nactive: true\n");
        assertThat(new StateFile(yaml, Format.YAML, "fix").read(Settings.class).orElseThrow().count()).isEqualTo(2);
    }

    @Test
    void noFileIsNoState() {
        assertThat(new StateFile(dir.resolve("none.json"), Format.JSON, "fix").read(Settings.class)).isEmpty();
    }

    @Test
    void notJsonNamesTheLine() throws Exception {
        assertThat(damaged(Format.JSON, "{\"name\":\"a\",\n not json").getMessage())
                .contains("it is not valid JSON at line 2, column");
        assertThat(damaged(Format.JSON, "hello").getMessage()).contains("it is not valid JSON at line 1");
        assertThat(damaged(Format.YAML, "name: a\n  - : : [").getMessage()).contains("it is not valid YAML at line");
    }

    @Test
    void emptyOrCutOffIsSaidSo() throws Exception {
        assertThat(damaged(Format.JSON, "").getMessage()).endsWith("is damaged: it is empty");
        assertThat(damaged(Format.YAML, " \n").getMessage()).endsWith("is damaged: it is empty");
        assertThat(damaged(Format.JSON, "{\"name\":\"a\",\"cou").getMessage())
                .contains("it ends early at line 1").contains("cut off");
        assertThat(damaged(Format.JSON, "null").getMessage()).contains("holds null");
    }

    @Test
    void aWrongTypeIsAnErrorNamingTheFieldNotADefault() throws Exception {
        assertThat(damaged(Format.JSON, "{\"name\":\"a\",\"active\":\"yes\"}").getMessage())
                .contains("field 'active' at line 1").contains("expected true or false, found the string \"yes\"");
        assertThat(damaged(Format.JSON, "{\"name\":\"a\",\"flags\":{\"f\":\"yes\"}}").getMessage())
                .contains("field 'flags.f'").contains("expected true or false");
        assertThat(damaged(Format.JSON, "{\"name\":\"a\",\"count\":\"2\"}").getMessage())
                .contains("field 'count'").contains("expected a whole number, found the string \"2\"");
        assertThat(damaged(Format.YAML, "name: a\ncount: lots\n").getMessage())
                .contains("field 'count' at line 2").contains("expected a whole number");
        assertThat(damaged(Format.JSON, "{\"name\":\"a\",\"items\":\"x\"}").getMessage()).contains("field 'items'");
        assertThat(damaged(Format.JSON, "[1,2]").getMessage()).contains("its content").contains("found a list");
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws Exception {
        assertThat(damaged(Format.JSON, "{\"count\":1}").getMessage())
                .endsWith("is damaged: the required field 'name' is missing");
    }

    @Test
    void trailingGarbageIsDamageToo() throws Exception {
        damaged(Format.JSON, "{\"name\":\"a\"} {\"name\":\"b\"}");
    }

    @Test
    void aDirectoryInItsPlaceIsDamage() throws Exception {
        Files.createDirectories(dir.resolve("d.json"));
        JmkException e = catchThrowableOfType(JmkException.class,
                () -> new StateFile(dir.resolve("d.json"), Format.JSON, "fix").read(Settings.class));
        assertThat(e.reason()).isEqualTo(Reason.STATE_FILE_CORRUPT);
        assertThat(e.getMessage()).endsWith("it is a directory, not a JSON file");
    }

    @Test
    void checksAfterReadingReportTheSameWay() {
        StateFile file = new StateFile(dir.resolve("c.json"), Format.JSON, "Fix it.");
        JmkException e = file.damaged("kubernetesVersion", "is 'banana', not a Kubernetes version");
        assertThat(e.reason()).isEqualTo(Reason.STATE_FILE_CORRUPT);
        assertThat(e.getMessage()).isEqualTo(dir.resolve("c.json")
                + " is damaged: field 'kubernetesVersion' is 'banana', not a Kubernetes version");
        assertThat(e.advice()).isEqualTo("Fix it.");
    }
}
