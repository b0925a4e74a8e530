package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import java.io.InputStream;
import java.io.PrintWriter;

/**
 * What every command gets: the environment read once in main, where to print, and the standard input
 * ({@code image load -}), passed in like the rest rather than read from System.in deep inside.
 */
public record CliContext(Environment env, PrintWriter out, PrintWriter err, InputStream in) {
    /** Without a standard input: reading it gives end of input at once. */
    public CliContext(Environment env, PrintWriter out, PrintWriter err) {
        this(env, out, err, InputStream.nullInputStream());
    }

    public void info(String line) {
        out.println("* " + line);
        out.flush();
    }

    public void warn(String line) {
        err.println("! " + line);
        err.flush();
    }
}
