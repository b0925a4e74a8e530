package dev.jminikube.core;

import java.nio.file.FileSystemException;

/** Tells a full disk (or an exhausted quota) apart from other I/O failures, by what the OS said. */
public final class NoSpaceLeft {
    private NoSpaceLeft() {
    }

    /** True when {@code e} or one of its causes is ENOSPC or EDQUOT (their Linux and macOS texts) or Windows' own. */
    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
            if (text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded")
                    || text.contains("not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }
}
