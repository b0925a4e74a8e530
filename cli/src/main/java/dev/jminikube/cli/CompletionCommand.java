package dev.jminikube.cli;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code completion bash|zsh|fish}: a script that completes verbs and flags. bash and zsh get picocli's generated
 * script (it loads bashcompinit under zsh); fish has no bash compatibility, so it gets {@code complete -c} lines
 * written from the same command model.
 */
@Command(name = "completion", description = "Print a shell completion script: bash, zsh or fish. "
        + "E.g. 'source <(jminikube completion bash)'.")
final class CompletionCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
    String shell;

    @Spec
    CommandSpec spec;

    CompletionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = switch (shell) {
            case "bash", "zsh" -> AutoComplete.bash("jminikube", root);
            case "fish" -> fish(root);
            default -> throw new JmkException(Reason.USAGE, "completion for \"" + shell + "\" is not available",
                    "Choose bash, zsh or fish.", null, null);
        };
        ctx.out().print(script);
        ctx.out().flush();
        return 0;
    }

    /** One line per verb (offered while no verb is typed), per sub-verb and per flag of each. */
    static String fish(CommandLine root) {
        StringBuilder out = new StringBuilder("# jminikube completion for fish: jminikube completion fish | source\n");
        for (Map.Entry<String, CommandLine> verb : root.getSubcommands().entrySet()) {
            out.append("complete -c jminikube -f -n '__fish_use_subcommand' -a ").append(verb.getKey())
                    .append(" -d ").append(quoted(firstLine(verb.getValue().getCommandSpec()))).append('\n');
            String inVerb = "__fish_seen_subcommand_from " + verb.getKey();
            for (Map.Entry<String, CommandLine> sub : verb.getValue().getSubcommands().entrySet()) {
                out.append("complete -c jminikube -f -n '").append(inVerb).append("' -a ").append(sub.getKey())
                        .append(" -d ").append(quoted(firstLine(sub.getValue().getCommandSpec()))).append('\n');
            }
            flags(out, verb.getValue().getCommandSpec(), inVerb);
        }
        return out.toString();
    }

    private static void flags(StringBuilder out, CommandSpec command, String condition) {
        for (OptionSpec option : command.options()) {
            out.append("complete -c jminikube -n '").append(condition).append('\'');
            for (String name : option.names()) {
                out.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
            }
            if (option.arity().min() > 0) {
                out.append(" -r");
            }
            String description = option.description().length == 0 ? "" : option.description()[0];
            out.append(" -d ").append(quoted(description)).append('\n');
        }
    }

    private static String firstLine(CommandSpec command) {
        String[] d = command.usageMessage().description();
        return d.length == 0 ? "" : d[0];
    }

    /** A fish single-quoted string: only \ and ' are special inside. */
    private static String quoted(String text) {
        String line = text.lines().findFirst().orElse("");
        if (line.length() > 80) {
            line = line.substring(0, 77) + "...";
        }
        return "'" + line.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
