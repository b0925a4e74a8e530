package dev.jminikube.cli;

import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.core.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file jminikube writes into the user's own tree (an IDE run configuration), which it must never overwrite once
 * the user has made it theirs. Its first line is a comment holding the sha256 of the lines after it: while that
 * holds, the file is jminikube's as written and may be replaced by a newer version; a file without the line, or
 * whose lines no longer match it, is the user's (their own launch.json, or ours edited in the IDE) and is left alone.
 * The mark travels with the file, so it works for any checkout, copy or JMINIKUBE_HOME, and needs no manifest.
 *
 * @param relativePath where it goes, relative to the project directory
 * @param syntax       how a comment is written in this kind of file
 * @param body         the content after the mark
 * @param addYourself  what a user who keeps their own file instead should add to it (one line), or null when the
 *                     file holds nothing but what jminikube wrote
 */
record OwnedFile(Path relativePath, CommentSyntax syntax, String body, String addYourself) {
    /** Comments in the two formats written: XML for IntelliJ, JSON with comments (JSONC) for VS Code. */
    enum CommentSyntax {
        XML("<!-- ", " -->"), JSONC("// ", "");

        private final String open;
        private final String close;

        CommentSyntax(String open, String close) {
            this.open = open;
            this.close = close;
        }

        String comment(String text) {
            return open + text + close;
        }
    }

    /** What became of the file; the word is what the command prints before its path. */
    enum Outcome {
        WRITTEN("Wrote"), UPDATED("Updated"), UP_TO_DATE("Left alone (already up to date)"),
        REPLACED("Replaced (--force)"), REFUSED("Refused");

        final String verb;

        Outcome(String verb) {
            this.verb = verb;
        }
    }

    // No "--" in the text: an XML comment must not contain it.
    private static final String MARK_TEXT = "Written by 'jminikube ide'; sha256 of the lines below: %s."
            + " jminikube replaces this file only while they match it, so once edited it is yours.";
    private static final Pattern MARK = Pattern.compile("sha256 of the lines below: ([0-9a-f]{64})\\.");

    OwnedFile {
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(syntax, "syntax");
        Objects.requireNonNull(body, "body");
    }

    /** The whole file: the mark, then the body. */
    String content() {
        return syntax.comment(String.format(MARK_TEXT, Sha256.of(body.getBytes(StandardCharsets.UTF_8)))) + "\n" + body;
    }

    /**
     * Writes the file under {@code projectDir} unless a file the user made is there ({@code force} replaces that
     * too). The new content replaces the old in one rename, so an IDE reading it never sees half a file.
     */
    Outcome writeInto(Path projectDir, boolean force) throws IOException {
        Path target = projectDir.resolve(relativePath);
        byte[] wanted = content().getBytes(StandardCharsets.UTF_8);
        Outcome outcome;
        if (Files.isDirectory(target)) {
            return Outcome.REFUSED; // not even a file: something of the user's
        }
        String existing;
        try {
            existing = Files.readString(target, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            existing = null;
        } catch (java.nio.charset.MalformedInputException e) {
            existing = ""; // not text jminikube wrote: the user's
        }
        if (existing == null) {
            outcome = Outcome.WRITTEN;
        } else if (existing.equals(content())) {
            return Outcome.UP_TO_DATE;
        } else if (isOursUnchanged(existing)) {
            outcome = Outcome.UPDATED;
        } else if (force) {
            outcome = Outcome.REPLACED;
        } else {
            return Outcome.REFUSED;
        }
        // The IDE's directory (.run, .vscode) with the user's usual mode; AtomicFile would make a missing one 0700.
        Files.createDirectories(target.getParent());
        AtomicFile.write(target, wanted, AtomicFile.WORLD_READABLE);
        return outcome;
    }

    /** Whether {@code text} is a file jminikube wrote, exactly as written (in any version of jminikube). */
    static boolean isOursUnchanged(String text) {
        int newline = text.indexOf('\n');
        if (newline < 0) {
            return false;
        }
        Matcher mark = MARK.matcher(text.substring(0, newline));
        return mark.find() && mark.group(1).equals(
                Sha256.of(text.substring(newline + 1).getBytes(StandardCharsets.UTF_8)));
    }
}
