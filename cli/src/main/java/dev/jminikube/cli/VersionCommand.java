package dev.jminikube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.jminikube.bootstrap.SupportedVersions;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.iso.NodeImageRecipe;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the version of jminikube, of its node image and the default Kubernetes version.")
final class VersionCommand implements Callable<Integer> {
    static final String VERSION = "v0.1.0";
    /**
     * Written by the build from git (git-commit-id-maven-plugin: {@code git.commit.id.abbrev}, {@code git.dirty});
     * a build from a tree without .git has none.
     */
    static final String GIT_RESOURCE = "/jminikube-git.properties";
    private final CliContext ctx;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text, json or yaml. Default: ${DEFAULT-VALUE}.")
    String output;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    VersionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        OutputFormats.check(spec, output, "text", "json", "yaml");
        Map<String, Object> doc = document();
        switch (output) {
            case "json" -> ctx.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            case "yaml" -> ctx.out().print(new YAMLMapper().writeValueAsString(doc));
            case "text" -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> image = (Map<String, Object>) doc.get("nodeImage");
                ctx.out().println("jminikube version: " + VERSION);
                ctx.out().println("node image: " + image.get("version") + " (recipe " + image.get("recipe") + ")");
                ctx.out().println("default Kubernetes version: " + doc.get("defaultKubernetesVersion"));
                if (doc.get("commit") != null) {
                    ctx.out().println("commit: " + doc.get("commit"));
                }
            }
            default -> throw new IllegalStateException("checked above: " + output);
        }
        ctx.out().flush();
        return 0;
    }

    /**
     * {"jminikubeVersion", "nodeImage": {"version", "recipe" (12 hex digits of the recipe's sha256), "file" (the
     * cached image's file name)}, "defaultKubernetesVersion", "commit" (null when the build did not record one)}.
     */
    static Map<String, Object> document() {
        NodeImageRecipe recipe = NodeImageRecipe.bundled();
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("version", recipe.version());
        image.put("recipe", recipe.sha256().substring(0, 12));
        image.put("file", recipe.isoFileName());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("jminikubeVersion", VERSION);
        doc.put("nodeImage", image);
        doc.put("defaultKubernetesVersion", SupportedVersions.DEFAULT.toString());
        doc.put("commit", commit());
        return doc;
    }

    private static String commit() {
        try (InputStream in = VersionCommand.class.getResourceAsStream(GIT_RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String id = p.getProperty("git.commit.id.abbrev");
            if (id == null || id.isBlank()) {
                return null;
            }
            // Built from a tree with changes not committed: the commit alone does not say what is in it.
            return "true".equals(p.getProperty("git.dirty")) ? id + "-dirty" : id;
        } catch (IOException e) {
            return null;
        }
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jminikube version: " + VERSION};
        }
    }
}
