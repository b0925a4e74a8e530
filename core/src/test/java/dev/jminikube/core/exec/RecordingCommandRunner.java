package dev.jminikube.core.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A {@link CommandRunner} for tests: records every call in order and answers from a script instead of
 * running anything.
 *
 * <pre>{@code
 * RecordingCommandRunner runner = new RecordingCommandRunner();
 * runner.whenRun("systemctl", "is-active", "kubelet").thenReturn(3, "activating\n").thenReturn(0, "active\n");
 * runner.givenFile("/etc/os-release", "ID=buildroot\n");
 * ... code under test ...
 * assertThat(runner.commandsRun()).containsExactly("systemctl is-active kubelet", "systemctl is-active kubelet");
 * assertThat(runner.fileText("/var/lib/kubelet/config.yaml")).contains("cgroupDriver: systemd");
 * }</pre>
 *
 * <p>Unscripted commands succeed with empty output. When several stubs match, the one registered last
 * wins, so a test can set a broad default first and override it for one command. A stub with several
 * answers gives them in order and then keeps repeating the last.
 *
 * <p>Files behave like a real machine's as far as copy/write/readFile go: {@code readFile} serves what
 * was written, copied or seeded with {@link #givenFile}, and fails for anything else the way
 * {@link SshCommandRunner} does (a {@link CommandFailedException} from {@code cat}). Commands run do
 * not touch the files (a scripted {@code rm} removes nothing).
 */
public final class RecordingCommandRunner implements CommandRunner {

    /** One call on the runner, in the order made. */
    public sealed interface Call permits Run, Copy, Write, Read {
    }

    /** A {@code run} (or {@code check}); {@code stdin} is null when none was given. */
    public record Run(List<String> argv, byte[] stdin, Duration timeout) implements Call {
        public Run {
            argv = List.copyOf(argv);
        }

        /** The command as one shell-quoted line, e.g. {@code printf %s 'a b'}. */
        public String commandLine() {
            return ShellQuoting.join(argv);
        }

        public String stdinText() {
            return stdin == null ? "" : new String(stdin, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Run r && argv.equals(r.argv) && Arrays.equals(stdin, r.stdin)
                    && timeout.equals(r.timeout);
        }

        @Override
        public int hashCode() {
            return Objects.hash(argv, Arrays.hashCode(stdin), timeout);
        }

        @Override
        public String toString() {
            return "Run[" + commandLine() + (stdin == null ? "" : " <<< " + stdin.length + " bytes") + "]";
        }
    }

    public record Copy(Path source, String target, int mode) implements Call {
        @Override
        public String toString() {
            return "Copy[" + source + " -> " + target + " mode " + String.format("%04o", mode) + "]";
        }
    }

    public record Write(String target, byte[] content, int mode) implements Call {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Write w && target.equals(w.target) && Arrays.equals(content, w.content)
                    && mode == w.mode;
        }

        @Override
        public int hashCode() {
            return Objects.hash(target, Arrays.hashCode(content), mode);
        }

        @Override
        public String toString() {
            return "Write[" + target + " mode " + String.format("%04o", mode) + ", " + content.length + " bytes]";
        }
    }

    public record Read(String path) implements Call {
    }

    private record StoredFile(byte[] content, int mode) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final List<Stub> stubs = new ArrayList<>();
    private final Map<String, StoredFile> files = new LinkedHashMap<>();
    private boolean closed;

    // ---- scripting -----------------------------------------------------------------------------

    /** Scripts commands whose argv starts with {@code argvPrefix} (all commands if empty). */
    public Stub whenRun(String... argvPrefix) {
        List<String> prefix = List.of(argvPrefix);
        return addStub(argv -> argv.size() >= prefix.size() && argv.subList(0, prefix.size()).equals(prefix),
                "argv starting with " + prefix);
    }

    public Stub whenRun(Predicate<List<String>> matcher) {
        return addStub(Objects.requireNonNull(matcher, "matcher"), "predicate " + matcher);
    }

    /** Scripts commands whose shell-quoted command line contains a match for {@code regex}. */
    public Stub whenCommandMatches(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return addStub(argv -> pattern.matcher(ShellQuoting.join(argv)).find(), "command matching /" + regex + "/");
    }

    /** Seeds a file (mode 0644) as if it already existed on the machine. */
    public synchronized RecordingCommandRunner givenFile(String path, byte[] content) {
        files.put(path, new StoredFile(content.clone(), 0644));
        return this;
    }

    public RecordingCommandRunner givenFile(String path, String content) {
        return givenFile(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized Stub addStub(Predicate<List<String>> matcher, String description) {
        Stub stub = new Stub(matcher, description);
        stubs.add(stub);
        return stub;
    }

    /** What a scripted command does; each {@code then...} adds one answer, used in order, the last repeating. */
    public final class Stub {
        private final Predicate<List<String>> matcher;
        private final String description;
        private final List<Function<List<String>, CommandResult>> answers = new ArrayList<>();
        private int used;

        private Stub(Predicate<List<String>> matcher, String description) {
            this.matcher = matcher;
            this.description = description;
        }

        public Stub thenReturn(int exitCode) {
            return thenReturn(exitCode, "", "");
        }

        public Stub thenReturn(int exitCode, String stdout) {
            return thenReturn(exitCode, stdout, "");
        }

        public Stub thenReturn(int exitCode, String stdout, String stderr) {
            return thenAnswer(argv -> new CommandResult(argv, exitCode, stdout, stderr, Duration.ZERO, false));
        }

        /** Succeeds with this output. */
        public Stub thenOutput(String stdout) {
            return thenReturn(0, stdout, "");
        }

        /** Times out, as a runner reports it: exit -1, timedOut set, no output. */
        public Stub thenTimeOut() {
            return thenAnswer(argv -> new CommandResult(argv, -1, "", "", Duration.ZERO, true));
        }

        /** Throws, e.g. an {@link SshConnectException} to play a VM that went away. */
        public Stub thenThrow(RuntimeException failure) {
            return thenAnswer(argv -> {
                throw failure;
            });
        }

        public Stub thenAnswer(Function<List<String>, CommandResult> answer) {
            synchronized (RecordingCommandRunner.this) {
                answers.add(Objects.requireNonNull(answer, "answer"));
            }
            return this;
        }

        private Function<List<String>, CommandResult> next() {
            if (answers.isEmpty()) {
                return RecordingCommandRunner::success;
            }
            return answers.get(Math.min(used++, answers.size() - 1));
        }

        @Override
        public String toString() {
            return "Stub[" + description + ", " + answers.size() + " answers]";
        }
    }

    // ---- CommandRunner -------------------------------------------------------------------------

    @Override
    public CommandResult run(List<String> argv, RunOptions options) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command"); // as the real runners do
        }
        Function<List<String>, CommandResult> answer;
        synchronized (this) {
            byte[] stdin = options.stdin() == null ? null : options.stdin().clone();
            calls.add(new Run(argv, stdin, options.timeout()));
            answer = RecordingCommandRunner::success;
            for (int i = stubs.size() - 1; i >= 0; i--) {
                if (stubs.get(i).matcher.test(argv)) {
                    answer = stubs.get(i).next();
                    break;
                }
            }
        }
        // Outside the lock: answers and line callbacks may call back into this runner.
        CommandResult result = answer.apply(List.copyOf(argv));
        result.stdout().lines().forEach(options.outputLines());
        result.stderr().lines().forEach(options.outputLines());
        return result;
    }

    private static CommandResult success(List<String> argv) {
        return new CommandResult(argv, 0, "", "", Duration.ZERO, false);
    }

    @Override
    public void copy(Path source, String target, int mode, CopyProgress progress) {
        checkMode(mode);
        byte[] content;
        try {
            content = Files.readAllBytes(source);
        } catch (IOException e) {
            throw new UncheckedIOException("copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            calls.add(new Copy(source, target, mode));
            files.put(target, new StoredFile(content, mode));
        }
        progress.bytesCopied(content.length, content.length);
    }

    @Override
    public synchronized void write(byte[] content, String target, int mode) {
        checkMode(mode);
        calls.add(new Write(target, content.clone(), mode));
        files.put(target, new StoredFile(content.clone(), mode));
    }

    @Override
    public byte[] readFile(String path) {
        StoredFile file;
        synchronized (this) {
            calls.add(new Read(path));
            file = files.get(path);
        }
        if (file == null) {
            List<String> argv = List.of("cat", path);
            CommandResult result = new CommandResult(argv, 1, "", "cat: " + path + ": No such file or directory\n",
                    Duration.ZERO, false);
            throw new CommandFailedException(result, pasteReady(argv));
        }
        return file.content.clone();
    }

    @Override
    public String pasteReady(List<String> argv) {
        return ShellQuoting.join(argv);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private static void checkMode(int mode) {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("file mode out of range: " + Integer.toOctalString(mode));
        }
    }

    // ---- inspection ----------------------------------------------------------------------------

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Run> runs() {
        return calls.stream().filter(Run.class::isInstance).map(Run.class::cast).toList();
    }

    /** Each command run, as a shell-quoted line, in order. */
    public List<String> commandsRun() {
        return runs().stream().map(Run::commandLine).toList();
    }

    public synchronized List<Write> writes() {
        return calls.stream().filter(Write.class::isInstance).map(Write.class::cast).toList();
    }

    public synchronized List<Copy> copies() {
        return calls.stream().filter(Copy.class::isInstance).map(Copy.class::cast).toList();
    }

    /** The file's current content (written, copied or seeded), without recording a read. */
    public synchronized Optional<byte[]> file(String path) {
        return Optional.ofNullable(files.get(path)).map(f -> f.content.clone());
    }

    /** The file's content as UTF-8; fails the test, listing the files there are, if it does not exist. */
    public synchronized String fileText(String path) {
        StoredFile file = files.get(path);
        if (file == null) {
            throw new AssertionError("no file " + path + " on the fake machine; files: " + files.keySet());
        }
        return new String(file.content, StandardCharsets.UTF_8);
    }

    public synchronized OptionalInt fileMode(String path) {
        StoredFile file = files.get(path);
        return file == null ? OptionalInt.empty() : OptionalInt.of(file.mode);
    }

    /** Forgets the calls so far (not the script or the files), e.g. between phases of a test. */
    public synchronized void clearCalls() {
        calls.clear();
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
