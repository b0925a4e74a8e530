package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import java.io.PrintWriter;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = new Jminikube(Environment.fromSystem(), System.in).run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
