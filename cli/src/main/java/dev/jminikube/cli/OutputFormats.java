package dev.jminikube.cli;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code -o/--output} values a command takes. A value outside them is {@link Reason#USAGE} whose advice names
 * the command as the user types it ({@code 'jminikube status -o json'}), so it can be pasted as is.
 */
final class OutputFormats {
    private OutputFormats() {
    }

    /** Throws unless {@code value} is one of {@code formats}; the last format is the one the advice shows. */
    static void check(CommandSpec spec, String value, String... formats) {
        List<String> accepted = List.of(formats);
        if (accepted.contains(value)) {
            return;
        }
        String choices = accepted.size() == 1 ? accepted.get(0)
                : String.join(", ", accepted.subList(0, accepted.size() - 1)) + " or " + accepted.get(accepted.size() - 1);
        throw new JmkException(Reason.USAGE, "--output must be " + choices + ", not " + ControlCharacters.escape(value))
                .withAdvice("Use one of those, e.g. '" + spec.qualifiedName() + " -o " + accepted.get(accepted.size() - 1)
                        + "'.");
    }
}
