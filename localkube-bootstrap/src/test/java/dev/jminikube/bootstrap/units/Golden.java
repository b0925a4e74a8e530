package dev.jminikube.bootstrap.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden files under src/test/resources: any change in generated flags shows up as a diff in
 * review. Regenerate after an intended change with
 * {@code mvn -o -pl localkube-bootstrap test -Djmk.golden.update=true} and review the diff.
 */
final class Golden {
    private static final Path DIR = Path.of("src/test/resources/dev/jminikube/bootstrap/units/golden");

    private Golden() {
    }

    static String render(List<GuestFile> files) {
        StringBuilder out = new StringBuilder();
        for (GuestFile file : files) {
            out.append("===== ").append(file.path()).append(" (").append(file.octalMode()).append(") =====\n");
            out.append(file.content());
        }
        return out.toString();
    }

    static void assertMatches(String name, String actual) {
        Path path = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("jmk.golden.update")) {
                Files.createDirectories(DIR);
                Files.writeString(path, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(path).as("golden file %s (create it with -Djmk.golden.update=true)", path).exists();
            assertThat(actual).as("generated files differ from %s; if intended, rerun with -Djmk.golden.update=true", path)
                    .isEqualTo(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
