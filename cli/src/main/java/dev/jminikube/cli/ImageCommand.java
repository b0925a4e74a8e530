package dev.jminikube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.cluster.RuntimeImages;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "image", description = "Manage images in the cluster's container runtime.")
final class ImageCommand extends UsageCommand {
    ImageCommand(CliContext ctx) {
        super(ctx);
    }

    static RuntimeImages images(CliContext ctx, ProfileOption profile) {
        String name = profile.validated();
        return RuntimeImages.of(ctx.env(), profile.machines(ctx), name, ctx::info);
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List the images in the node's container runtime.")
    static final class ListCommand implements Callable<Integer> {
        private final CliContext ctx;
        @Mixin
        ProfileOption profile;
        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json.")
        String output;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        ListCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            OutputFormats.check(spec, output, "table", "json");
            List<RuntimeImages.Image> list;
            try (RuntimeImages images = images(ctx, profile)) {
                list = images.list();
            }
            if (output.equals("json")) {
                List<Map<String, Object>> json = list.stream().map(i -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", i.id());
                    row.put("repoTags", i.repoTags());
                    row.put("size", i.size());
                    return row;
                }).toList();
                ctx.out().println(new ObjectMapper().writeValueAsString(json));
                ctx.out().flush();
                return 0;
            }
            Table table = new Table("IMAGE", "ID", "SIZE");
            for (RuntimeImages.Image i : list) {
                String id = i.id().startsWith("sha256:") ? i.id().substring(7, Math.min(i.id().length(), 19)) : i.id();
                i.repoTags().forEach(tag -> table.row(tag, id, i.size()));
            }
            table.print(ctx.out());
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove images from the node's container runtime.")
    static final class RemoveCommand implements Callable<Integer> {
        private final CliContext ctx;
        @Mixin
        ProfileOption profile;
        @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "The images, by name (e.g. my-app:1.0).")
        List<String> names;

        RemoveCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            names.forEach(dev.jminikube.cluster.ImageName::parse); // every name checked before any is removed
            try (RuntimeImages images = images(ctx, profile)) {
                for (String name : names) {
                    images.remove(name);
                    ctx.info("Removed " + name + " from " + images.runtime().flagValue() + ".");
                }
            }
            return 0;
        }
    }

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = "Save an image of the node's container runtime to a tar file on this host.")
    static final class SaveCommand implements Callable<Integer> {
        private final CliContext ctx;
        @Mixin
        ProfileOption profile;
        @Parameters(index = "0", paramLabel = "IMAGE", description = "The image, by name.")
        String name;
        @Parameters(index = "1", paramLabel = "FILE", description = "The tar file to write (never overwritten).")
        Path file;

        SaveCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            dev.jminikube.cluster.ImageName.parse(name);
            try (RuntimeImages images = images(ctx, profile)) {
                images.save(name, file);
            }
            ctx.info("Saved " + name + " to " + file + ".");
            return 0;
        }
    }
}
