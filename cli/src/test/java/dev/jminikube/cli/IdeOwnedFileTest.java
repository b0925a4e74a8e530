package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The mark that tells a file jminikube wrote, unchanged, from everything else. */
class IdeOwnedFileTest {
    private static final OwnedFile XML = new OwnedFile(Path.of(".run", "a.run.xml"), OwnedFile.CommentSyntax.XML,
            "<component name=\"ProjectRunConfigurationManager\" />\n", null);
    private static final OwnedFile JSON = new OwnedFile(Path.of(".vscode", "tasks.json"),
            OwnedFile.CommentSyntax.JSONC, "{\n  \"version\": \"2.0.0\",\n  \"tasks\": []\n}\n", "a task");

    @Test
    void whatJminikubeWroteIsItsOwn() {
        assertThat(OwnedFile.isOursUnchanged(XML.content())).isTrue();
        assertThat(OwnedFile.isOursUnchanged(JSON.content())).isTrue();
    }

    @Test
    void anyChangeAfterTheMarkMakesItTheUsers() {
        assertThat(OwnedFile.isOursUnchanged(JSON.content().replace("[]", "[ ]"))).isFalse();
        assertThat(OwnedFile.isOursUnchanged(JSON.content() + "\n")).isFalse();
        // Line endings converted (e.g. by git on Windows) change the bytes too: refused rather than guessed at.
        assertThat(OwnedFile.isOursUnchanged(JSON.content().replace("\n", "\r\n"))).isFalse();
    }

    @Test
    void aMarkCopiedOntoOtherContentDoesNotMakeItOurs() {
        String mark = XML.content().lines().findFirst().orElseThrow();
        assertThat(OwnedFile.isOursUnchanged(mark + "\n<component name=\"mine\" />\n")).isFalse();
        assertThat(OwnedFile.isOursUnchanged(mark)).isFalse();
        assertThat(OwnedFile.isOursUnchanged("")).isFalse();
        assertThat(OwnedFile.isOursUnchanged(XML.body())).isFalse();
    }

    @Test
    void theMarkIsACommentInEachFormat() {
        String xmlMark = XML.content().lines().findFirst().orElseThrow();
        assertThat(xmlMark).startsWith("<!-- ").endsWith(" -->");
        // An XML comment may not contain "--": IntelliJ would not read the file.
        assertThat(xmlMark.substring(4, xmlMark.length() - 3)).doesNotContain("--");
        assertThat(JSON.content().lines().findFirst().orElseThrow()).startsWith("// ");
    }
}
