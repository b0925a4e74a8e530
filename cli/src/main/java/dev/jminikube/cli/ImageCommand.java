package dev.jminikube.cli;

import picocli.CommandLine.Command;

@Command(name = "image", description = "Manage images in the cluster's container runtime.")
final class ImageCommand extends UsageCommand {
    ImageCommand(CliContext ctx) {
        super(ctx);
    }
}
