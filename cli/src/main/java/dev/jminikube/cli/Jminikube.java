package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.NoSpaceLeft;
import dev.jminikube.core.exec.CommandFailedException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import dev.jminikube.core.input.Flag;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Builds the command tree and runs one command line; returns the exit code (only main exits). */
public final class Jminikube {
    private final Environment env;
    private final ClusterReach reach;
    private final java.io.InputStream in;

    /** @param in the standard input ({@code image load -} reads it) */
    public Jminikube(Environment env, java.io.InputStream in) {
        this(env, ClusterReach.LIVE, in);
    }

    public Jminikube(Environment env) {
        this(env, ClusterReach.LIVE, java.io.InputStream.nullInputStream());
    }

    /** @param reach where {@code status} reaches a running cluster (tests give fakes) */
    Jminikube(Environment env, ClusterReach reach) {
        this(env, reach, java.io.InputStream.nullInputStream());
    }

    Jminikube(Environment env, ClusterReach reach, java.io.InputStream in) {
        this.env = env;
        this.reach = reach;
        this.in = in;
    }

    public int run(PrintWriter terminalOut, PrintWriter terminalErr, String... args) {
        // Every command prints through these, so that --log-file, known only once parsed, sees all of it.
        TeeWriter teeOut = new TeeWriter(terminalOut);
        TeeWriter teeErr = new TeeWriter(terminalErr);
        PrintWriter out = new PrintWriter(teeOut);
        PrintWriter err = new PrintWriter(teeErr);
        CliContext ctx = new CliContext(env, out, err, in);
        CommandLine cl = commandLine(ctx, reach, args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> ReasonPrinter.print(usageError(ex), err));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex, env, err));
        cl.setExecutionStrategy(parsed -> {
            RootCommand root = cl.getCommand();
            LogFile log = null;
            try {
                if (root.logFile != null) {
                    log = LogFile.open(root.logFile);
                    teeOut.logTo(log);
                    teeErr.logTo(log);
                }
                globalOutput(parsed, root.globalOutput);
                return new CommandLine.RunLast().execute(parsed);
            } catch (JmkException e) {
                return ReasonPrinter.print(e, err);
            } finally {
                out.flush();
                err.flush();
                teeOut.close();
                teeErr.close();
                if (log != null) {
                    log.close();
                }
            }
        });
        return cl.execute(args);
    }

    /**
     * {@code jminikube -o json status} as {@code jminikube status -o json}: the -o before the verb becomes the
     * verb's own unless it has one after it (which wins, as -p does). A verb without -o refuses it rather than
     * ignore it, so that a script asking for JSON never parses text.
     */
    static void globalOutput(CommandLine.ParseResult parsed, String format) {
        if (format == null) {
            return;
        }
        CommandLine.ParseResult last = parsed;
        while (true) {
            if (last.isUsageHelpRequested() || last.isVersionHelpRequested()) {
                return;
            }
            if (!last.hasSubcommand()) {
                break;
            }
            last = last.subcommand();
        }
        CommandSpec verb = last.commandSpec();
        OptionSpec output = verb.findOption("--output");
        if (output == null || verb.root() == verb) {
            throw new JmkException(Reason.USAGE, "'" + verb.qualifiedName() + "' has no output formats, so -o "
                    + ControlCharacters.escape(format) + " does not apply to it")
                    .withAdvice("Leave -o out; '" + verb.qualifiedName() + " --help' lists what it takes.");
        }
        if (!last.hasMatchedOption("--output")) {
            output.setValue(format);
        }
    }

    /**
     * What a command that threw prints: a {@link JmkException} as it is; a command that failed in the node as
     * {@link Reason#GUEST_COMMAND_FAILED} (or {@link Reason#GUEST_DISK_FULL} when it says so); a full disk,
     * wherever it surfaced, as {@link Reason#RESOURCE_DISK_FULL}; anything else as a bug, with its stack trace written to
     * {@code logs/crash-*.log} for the report instead of onto the user's terminal (printed only if it cannot be).
     */
    static int failure(Exception ex, Environment env, PrintWriter err) {
        if (ex instanceof JmkException jmk) {
            return ReasonPrinter.print(jmk, err);
        }
        if (ex instanceof CommandFailedException failed) {
            // A command in the node that no step expected to fail (the none driver's node is this host): its own
            // words, and a full disk named as such, are what the user can act on; it is not a bug of ours.
            boolean full = failed.result().combinedOutput().toLowerCase(java.util.Locale.ROOT)
                    .contains("no space left on device");
            return ReasonPrinter.print(new JmkException(full ? Reason.GUEST_DISK_FULL : Reason.GUEST_COMMAND_FAILED,
                    (full ? "the node's disk is full: " : "") + failed.getMessage(), ex), err);
        }
        if (NoSpaceLeft.in(ex)) {
            return ReasonPrinter.print(new JmkException(Reason.RESOURCE_DISK_FULL,
                    "no space left on the host's disk (" + ex.getMessage() + ")", ex), err);
        }
        StringWriter trace = new StringWriter();
        ex.printStackTrace(new PrintWriter(trace));
        String where;
        try {
            java.nio.file.Path dir = env.logsDir();
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Path file = dir.resolve("crash-" + java.time.LocalDateTime.now()
                    .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
            java.nio.file.Files.writeString(file, trace.toString());
            where = "; its details are in " + file;
        } catch (java.io.IOException | RuntimeException e) {
            err.print(trace);
            where = "";
        }
        return ReasonPrinter.print(new JmkException(Reason.PROGRAM_ERROR, ex + where, ex), err);
    }

    /**
     * What picocli refused, as a usage error. A value it could not convert ({@code --cpus=two},
     * {@code --cpus=99999999999}, {@code --install-addons=maybe}) reads the way jminikube's own parsers say it
     * ({@link Flag}): the flag, the value, what the flag takes and a valid example. Picocli's messages quote the
     * arguments as typed, so control characters in them are escaped to keep the message one line.
     */
    static JmkException usageError(ParameterException ex) {
        if (ex.getArgSpec() instanceof OptionSpec option && ex.getValue() != null && ex.getCause() != null) {
            Class<?> type = option.type();
            boolean number = type == int.class || type == Integer.class || type == long.class || type == Long.class;
            boolean bool = type == boolean.class || type == Boolean.class;
            String value = ex.getValue();
            if (number || bool) {
                String example = option.defaultValue() != null && !option.defaultValue().isBlank() && !bool
                        ? option.defaultValue() : number ? "1" : "false";
                Flag flag = new Flag(option.longestName(), Reason.USAGE, number ? "a whole number" : "true or false",
                        example);
                return flag.invalid(value, bool ? "is not true or false" : value.strip().matches("-?\\d+")
                        ? "is out of range (at most " + (type == long.class || type == Long.class ? Long.MAX_VALUE
                        : Integer.MAX_VALUE) + ")" : "is not a whole number");
            }
        }
        String help = "'" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'";
        // A mistyped flag (--memroy) gets picocli's nearest flags; for a word that is no verb its guesses are too loose.
        List<String> suggestions = ex instanceof UnmatchedArgumentException unmatched && unmatched.isUnknownOption()
                ? unmatched.getSuggestions() : List.of();
        return new JmkException(Reason.USAGE, ControlCharacters.escape(ex.getMessage()), suggestions.isEmpty()
                ? "Run " + help + " to see its flags."
                : "Did you mean " + String.join(" or ", suggestions) + "? " + help + " lists the flags.", null, null);
    }

    /** Every verb, in the order {@code --help} lists them. */
    static final List<String> VERBS = List.of("start", "stop", "delete", "status", "pause", "unpause", "ip", "ssh",
            "ssh-key", "docker-env", "mount", "cp", "version", "iso", "logs", "kubectl", "update-context", "service", "addons", "dashboard",
            "get-k8s-versions", "image", "ide", "profile", "node", "config", "completion", "help");

    /** Verbs that work on the whole tree (usage of another verb, completion of all of them): they get all of it. */
    private static final List<String> NEED_WHOLE_TREE = List.of("help", "completion");

    /**
     * The command tree for {@code args}. When the verb (the first argument after a global -p) names a verb, only
     * that verb is built: picocli reflects over every option of every command it is given, which was most of a
     * short command's start-up (the whole tree took 0.6-1.5 s on a loaded host; {@code status} alone is a few
     * classes). Anything else (no arguments, {@code --help}, a typo that deserves "Did you mean") gets the whole
     * tree. Every command and group gets -h/--help, whether or not its class asks for it.
     */
    static CommandLine commandLine(CliContext ctx, ClusterReach reach, String... args) {
        CommandLine cl = new CommandLine(new RootCommand(ctx));
        String verb = verbOf(args);
        if (verb != null && VERBS.contains(verb) && !NEED_WHOLE_TREE.contains(verb)) {
            cl.addSubcommand(verb, verb(verb, ctx, reach));
        } else {
            for (String name : VERBS) {
                cl.addSubcommand(name, verb(name, ctx, reach));
            }
        }
        withHelpOptions(cl);
        return cl;
    }

    /** The global options before the verb that take a value, long name first. */
    private static final List<List<String>> GLOBAL_OPTIONS = List.of(List.of("--profile", "-p"),
            List.of("--verbosity", "-v"), List.of("--output", "-o"), List.of("--log-file"));

    /** The first argument that is not a global option (-p NAME, -v N, -o FORMAT, --log-file FILE); null if none. */
    static String verbOf(String... args) {
        int i = 0;
        next:
        while (i < args.length) {
            String a = args[i];
            for (List<String> names : GLOBAL_OPTIONS) {
                String longName = names.get(0);
                String shortName = names.size() > 1 ? names.get(1) : null;
                if (a.equals(longName) || a.equals(shortName)) {
                    i += 2;
                    continue next;
                }
                if (a.startsWith(longName + "=") || (shortName != null && a.startsWith(shortName) && a.length() > 2)) {
                    i += 1;
                    continue next;
                }
            }
            return a;
        }
        return null;
    }

    private static void withHelpOptions(CommandLine cl) {
        // picocli's own help verb has -h already.
        if (!cl.getCommandSpec().mixinStandardHelpOptions() && cl.getCommandSpec().findOption("--help") == null) {
            cl.getCommandSpec().mixinStandardHelpOptions(true);
        }
        // -V on a verb printed nothing: every command answers it with jminikube's version, as the root does.
        if (cl.getCommandSpec().versionProvider() == null && cl.getCommandSpec().version().length == 0) {
            cl.getCommandSpec().versionProvider(new VersionCommand.Provider());
        }
        cl.getSubcommands().values().forEach(Jminikube::withHelpOptions);
    }

    /** A switch rather than a map of lambdas: each lambda would cost its own bootstrap at start-up. */
    private static Object verb(String name, CliContext ctx, ClusterReach reach) {
        return switch (name) {
            case "start" -> new StartCommand(ctx);
            case "stop" -> new StopCommand(ctx);
            case "delete" -> new DeleteCommand(ctx);
            case "status" -> new StatusCommand(ctx, reach);
            case "pause" -> new PauseCommand.Pause(ctx, reach);
            case "unpause" -> new PauseCommand.Unpause(ctx, reach);
            case "ip" -> new IpCommand(ctx);
            case "ssh" -> new SshCommand(ctx);
            case "ssh-key" -> new SshKeyCommand(ctx);
            case "docker-env" -> new DockerEnvCommand(ctx);
            case "mount" -> new MountCommand(ctx);
            case "cp" -> new CpCommand(ctx, reach);
            case "update-context" -> new UpdateContextCommand(ctx, reach);
            case "version" -> new VersionCommand(ctx);
            case "iso" -> new CommandLine(new IsoCommand(ctx)).addSubcommand("build", new IsoBuildCommand(ctx));
            case "logs" -> new LogsCommand(ctx);
            case "kubectl" -> new KubectlCommand(ctx);
            case "service" -> new CommandLine(new ServiceCommand(ctx))
                    .addSubcommand("list", new ServiceCommand.ListCommand(ctx));
            case "addons" -> new CommandLine(new AddonsCommand(ctx))
                    .addSubcommand("list", new AddonsCommand.ListCommand(ctx))
                    .addSubcommand("enable", new AddonsCommand.EnableCommand(ctx))
                    .addSubcommand("disable", new AddonsCommand.DisableCommand(ctx))
                    .addSubcommand("open", new AddonsCommand.OpenCommand(ctx));
            case "dashboard" -> new DashboardCommand(ctx);
            case "get-k8s-versions" -> new GetK8sVersionsCommand(ctx);
            case "image" -> new CommandLine(new ImageCommand(ctx))
                    .addSubcommand("build", new ImageBuildCommand(ctx))
                    .addSubcommand("load", new ImageLoadCommand(ctx))
                    .addSubcommand("ls", new ImageCommand.ListCommand(ctx))
                    .addSubcommand("rm", new ImageCommand.RemoveCommand(ctx))
                    .addSubcommand("save", new ImageCommand.SaveCommand(ctx));
            case "ide" -> new IdeCommand(ctx);
            case "profile" -> new CommandLine(new ProfileCommand(ctx))
                    .addSubcommand("list", new ProfileCommand.ListCommand(ctx));
            case "node" -> new CommandLine(new NodeCommand()).addSubcommand("list", new NodeCommand.ListCommand(ctx));
            case "config" -> new CommandLine(new ConfigCommand(ctx))
                    .addSubcommand("set", new ConfigCommand.SetCommand(ctx))
                    .addSubcommand("get", new ConfigCommand.GetCommand(ctx))
                    .addSubcommand("unset", new ConfigCommand.UnsetCommand(ctx))
                    .addSubcommand("view", new ConfigCommand.ViewCommand(ctx));
            case "completion" -> new CompletionCommand(ctx);
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("not a verb: " + name);
        };
    }
}
