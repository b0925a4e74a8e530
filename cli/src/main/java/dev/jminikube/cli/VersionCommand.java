package dev.jminikube.cli;

import dev.jminikube.iso.NodeImageRecipe;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the version of jminikube and of its node image.")
final class VersionCommand implements Callable<Integer> {
    static final String VERSION = "v0.1.0";
    private final CliContext ctx;

    VersionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.out().println("jminikube version: " + VERSION);
        ctx.out().println("node image: " + NodeImageRecipe.IMAGE_VERSION + " (recipe "
                + NodeImageRecipe.bundled().sha256().substring(0, 12) + ")");
        ctx.out().flush();
        return 0;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jminikube version: " + VERSION};
        }
    }
}
