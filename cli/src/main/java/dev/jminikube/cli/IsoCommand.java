package dev.jminikube.cli;

import picocli.CommandLine.Command;

@Command(name = "iso", description = "Build the node image (the VM's boot ISO).")
final class IsoCommand extends UsageCommand {
    IsoCommand(CliContext ctx) {
        super(ctx);
    }
}
