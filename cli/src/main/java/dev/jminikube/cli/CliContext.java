package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import java.io.PrintWriter;

/** What every command gets: the environment read once in main, and where to print. */
public record CliContext(Environment env, PrintWriter out, PrintWriter err) {
    public void info(String line) {
        out.println("* " + line);
        out.flush();
    }

    public void warn(String line) {
        err.println("! " + line);
        err.flush();
    }
}
