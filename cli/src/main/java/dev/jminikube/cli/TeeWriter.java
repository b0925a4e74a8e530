package dev.jminikube.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Passes what a command prints to the terminal's writer unchanged and, once {@link #logTo} gave it a
 * {@link LogFile}, also each whole line to that file. The commands are handed these from the start because the log
 * file is known only after picocli parsed the command line, and every command keeps the writers it was built with.
 */
final class TeeWriter extends Writer {
    private final PrintWriter terminal;
    private final StringBuilder pending = new StringBuilder();
    private LogFile log;

    TeeWriter(PrintWriter terminal) {
        this.terminal = terminal;
    }

    synchronized void logTo(LogFile file) {
        this.log = file;
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        terminal.write(buf, off, len);
        if (log == null) {
            return;
        }
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                int end = pending.length() > 0 && pending.charAt(pending.length() - 1) == '\r' ? pending.length() - 1
                        : pending.length();
                log.line(pending.substring(0, end));
                pending.setLength(0);
            } else {
                pending.append(c);
            }
        }
    }

    @Override
    public synchronized void flush() {
        terminal.flush();
    }

    /** Logs a last line that had no newline; the terminal's writer stays open (it is the caller's). */
    @Override
    public synchronized void close() {
        if (log != null && !pending.isEmpty()) {
            log.line(pending.toString());
        }
        pending.setLength(0);
        terminal.flush();
    }
}
