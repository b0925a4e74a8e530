package dev.jminikube.cli;

import dev.jminikube.cluster.StartListener;
import java.time.Duration;

/**
 * Prints each step as it starts and how long it took, the remarks inside it, and warnings; at verbosity 1 or more
 * also what the step does in the node, one {@code $ command} line each.
 */
final class ConsoleStepListener implements StartListener {
    private final CliContext ctx;
    private final int verbosity;

    ConsoleStepListener(CliContext ctx) {
        this(ctx, 0);
    }

    ConsoleStepListener(CliContext ctx, int verbosity) {
        this.ctx = ctx;
        this.verbosity = verbosity;
    }

    @Override
    public void started(String title) {
        ctx.out().println("* " + title + " ...");
        ctx.out().flush();
    }

    @Override
    public void finished(String title, Duration took) {
        ctx.out().printf("  done: %s (%.1fs)%n", title, took.toMillis() / 1000.0);
        ctx.out().flush();
    }

    @Override
    public void failed(String title, Duration took, Exception cause) {
        ctx.out().printf("  failed: %s (%.1fs)%n", title, took.toMillis() / 1000.0);
        ctx.out().flush();
    }

    @Override
    public void note(String line) {
        ctx.info("  " + line);
    }

    @Override
    public void command(String line) {
        if (verbosity >= 1) {
            ctx.out().println("    $ " + line);
            ctx.out().flush();
        }
    }

    @Override
    public void warning(String line) {
        ctx.warn(line);
    }

    @Override
    public void progress(String line) {
        ctx.err().println(line);
        ctx.err().flush();
    }
}
