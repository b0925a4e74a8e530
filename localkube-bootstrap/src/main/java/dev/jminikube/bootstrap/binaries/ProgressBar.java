package dev.jminikube.bootstrap.binaries;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Renders download progress as plain lines, e.g. {@code     kubelet  42% [########            ] 48.1/113.6 MB}.
 * Lines, not a redrawn bar, so the output reads the same in a terminal, a CI log and a file. Prints when
 * a file moved on by 2% or a second passed since its last line, and always prints its completion once.
 */
public final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 20;
    private static final long STEP_PERCENT = 2;
    private static final long STEP_MILLIS = 1000;

    private final java.util.function.Consumer<String> out;
    private final LongSupplier clockMillis;
    private String file;
    private long lastPercent;
    private long lastMillis;
    private boolean finished;

    public ProgressBar(PrintStream out) {
        this(out, System::currentTimeMillis);
    }

    public ProgressBar(PrintStream out, LongSupplier clockMillis) {
        this(out::println, clockMillis);
    }

    /** @param lines where each progress line goes (the CLI's stderr) */
    public ProgressBar(java.util.function.Consumer<String> lines, LongSupplier clockMillis) {
        this.out = lines;
        this.clockMillis = clockMillis;
    }

    @Override
    public synchronized void bytes(String name, long done, long total) {
        long now = clockMillis.getAsLong();
        if (!name.equals(file)) {
            file = name;
            lastPercent = -STEP_PERCENT;
            lastMillis = Long.MIN_VALUE / 2;
            finished = false;
        }
        boolean complete = total >= 0 && done >= total;
        if (finished) {
            return;
        }
        long percent = total > 0 ? Math.min(100, done * 100 / total) : complete ? 100 : -1;
        boolean due = complete || now - lastMillis >= STEP_MILLIS
                || (percent >= 0 && percent - lastPercent >= STEP_PERCENT);
        if (!due) {
            return;
        }
        lastPercent = percent;
        lastMillis = now;
        finished = complete;
        out.accept(line(name, done, total, percent));
    }

    static String line(String name, long done, long total, long percent) {
        if (percent < 0) {
            return String.format(Locale.ROOT, "    %-24s %s", name, megabytes(done) + " MB");
        }
        int filled = (int) (percent * WIDTH / 100);
        return String.format(Locale.ROOT, "    %-24s %3d%% [%s%s] %s/%s MB", name, percent, "#".repeat(filled),
                " ".repeat(WIDTH - filled), megabytes(done), megabytes(total));
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
