package dev.jminikube.drivers.qemu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Made-up processes in place of the host's: what each shows as its command line, and a record of every signal
 * sent and every wait asked for, so a test sees which process would have been hit and how long a command would
 * have waited.
 */
final class FakeProcessTable implements ProcessTable {
    private final Map<Long, FakeProcess> processes = new HashMap<>();
    /** "TERM 4242", "KILL 4242", in order. */
    final List<String> signals = new ArrayList<>();
    /** Every awaitExit's timeout, in order. */
    final List<Duration> waits = new ArrayList<>();

    /** A live process showing {@code argv}. */
    FakeProcess start(long pid, List<String> argv) {
        FakeProcess p = new FakeProcess(pid, Optional.of(List.copyOf(argv)));
        processes.put(pid, p);
        return p;
    }

    /** A live process whose command line the OS does not show (another user's). */
    FakeProcess startHidden(long pid) {
        FakeProcess p = new FakeProcess(pid, Optional.empty());
        processes.put(pid, p);
        return p;
    }

    @Override
    public Optional<Entry> find(long pid) {
        return Optional.ofNullable(processes.get(pid)).filter(FakeProcess::isAlive).map(p -> p);
    }

    final class FakeProcess implements Entry {
        private final long pid;
        private final Optional<List<String>> argv;
        private boolean alive = true;
        /** QEMU exits on SIGTERM; a hung one may not. */
        boolean exitsOnTerm = true;

        private FakeProcess(long pid, Optional<List<String>> argv) {
            this.pid = pid;
            this.argv = argv;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public Optional<List<String>> commandLine() {
            return alive ? argv : Optional.empty();
        }

        @Override
        public boolean isAlive() {
            return alive;
        }

        /** Answers at once: a fake process only changes when it is signalled. */
        @Override
        public boolean awaitExit(Duration timeout) {
            waits.add(timeout);
            return !alive;
        }

        @Override
        public void terminate() {
            signals.add("TERM " + pid);
            if (exitsOnTerm) {
                alive = false;
            }
        }

        /** Exits by itself (crashed, or killed by someone else): no signal of ours. */
        void die() {
            alive = false;
        }

        @Override
        public void kill() {
            signals.add("KILL " + pid);
            alive = false;
        }
    }
}
