package dev.jminikube.drivers.qemu;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The host's processes, as far as the QEMU driver looks at them and signals them. An interface so that tests put a
 * stateful fake table in place of the host's and never signal a real process.
 */
interface ProcessTable {

    /** The live process numbered {@code pid}, or empty when none lives under that number. */
    Optional<Entry> find(long pid);

    /** One process, pinned: once found, its methods never act on a later process that reuses the number. */
    interface Entry {
        long pid();

        /**
         * Its argv, argv[0] included, exactly as the OS shows it; empty when the OS does not show it (another user's
         * process, or one that is exiting).
         */
        Optional<List<String>> commandLine();

        boolean isAlive();

        /** True once it has exited, waiting at most {@code timeout}. */
        boolean awaitExit(Duration timeout);

        /** SIGTERM: QEMU flushes and closes its disk images, then exits. */
        void terminate();

        /** SIGKILL. */
        void kill();
    }
}
