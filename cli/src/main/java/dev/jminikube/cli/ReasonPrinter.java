package dev.jminikube.cli;

import dev.jminikube.core.JmkException;
import java.io.PrintWriter;

/** Prints a failure once, minikube-style: details, then "X Exiting due to ID: message", then the advice. */
final class ReasonPrinter {
    private ReasonPrinter() {
    }

    static int print(JmkException e, PrintWriter err) {
        if (e.details() != null && !e.details().isBlank()) {
            err.println(e.details().strip());
            err.println();
        }
        err.println("X Exiting due to " + e.reason().id() + ": " + e.getMessage().lines().findFirst().orElse(""));
        e.getMessage().lines().skip(1).forEach(l -> err.println("  " + l));
        err.println("* Advice: " + e.advice());
        err.flush();
        return e.reason().exitCode();
    }
}
