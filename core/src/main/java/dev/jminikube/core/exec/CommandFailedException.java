package dev.jminikube.core.exec;

/** A command exited non-zero (or timed out). The message is ready to show: command, exit code, output. */
public class CommandFailedException extends RuntimeException {
    private final CommandResult result;
    private final String pasteReadyCommand;

    public CommandFailedException(CommandResult result, String pasteReadyCommand) {
        super(describe(result, pasteReadyCommand));
        this.result = result;
        this.pasteReadyCommand = pasteReadyCommand;
    }

    public CommandResult result() {
        return result;
    }

    public String pasteReadyCommand() {
        return pasteReadyCommand;
    }

    private static String describe(CommandResult result, String command) {
        String status = result.timedOut() ? "timed out after " + result.elapsed().toSeconds() + "s"
                : "exited with status " + result.exitCode();
        String output = result.combinedOutput();
        return "command " + status + ": " + command + (output.isEmpty() ? "" : "\n" + indent(output));
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
