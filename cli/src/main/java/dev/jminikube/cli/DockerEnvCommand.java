package dev.jminikube.cli;

import dev.jminikube.cluster.DockerEnv;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.ShellQuoting;
import dev.jminikube.core.input.ControlCharacters;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "docker-env", mixinStandardHelpOptions = true,
        description = {"Point a docker client on this host at the node's dockerd (docker runtime):",
                "eval $(jminikube docker-env)   (fish: jminikube docker-env | source)"})
final class DockerEnvCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = "--shell", paramLabel = "SHELL", description = "bash, zsh, sh, fish or powershell (default: from $SHELL).")
    String shell;

    @Option(names = {"-u", "--unset"}, description = "Print the commands that undo it.")
    boolean unset;

    DockerEnvCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        String sh = shell != null ? shell : ctx.env().os() == HostOs.WINDOWS ? "powershell"
                : ctx.env().variable("SHELL").filter(s -> s.endsWith("/fish")).map(s -> "fish").orElse("bash");
        if (!java.util.List.of("bash", "zsh", "sh", "fish", "powershell").contains(sh)) {
            throw new JmkException(Reason.USAGE, "--shell must be bash, zsh, sh, fish or powershell, not "
                    + ControlCharacters.escape(sh));
        }
        StringBuilder out = new StringBuilder();
        if (unset) {
            for (String variable : DockerEnv.VARIABLES) {
                out.append(switch (sh) {
                    case "fish" -> "set -e " + variable + ";";
                    case "powershell" -> "Remove-Item Env:\\\\" + variable;
                    default -> "unset " + variable + ";";
                }).append('\n');
            }
        } else {
            Map<String, String> vars = DockerEnv.of(ctx.env(), profile.machines(ctx), name);
            vars.forEach((variable, value) -> out.append(switch (sh) {
                case "fish" -> "set -gx " + variable + " " + fishQuote(value) + ";";
                case "powershell" -> "$Env:" + variable + " = '" + value.replace("'", "''") + "'";
                default -> "export " + variable + "=" + ShellQuoting.quote(value);
            }).append('\n'));
            String self = "jminikube -p " + name + " docker-env" + (shell == null ? "" : " --shell " + sh);
            out.append('\n').append("# To point your shell at the node's dockerd, run:\n").append(switch (sh) {
                case "fish" -> "# " + self + " | source";
                case "powershell" -> "# & " + self + " | Invoke-Expression";
                default -> "# eval $(" + self + ")";
            }).append('\n');
        }
        ctx.out().print(out);
        ctx.out().flush();
        return 0;
    }

    private static String fishQuote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
