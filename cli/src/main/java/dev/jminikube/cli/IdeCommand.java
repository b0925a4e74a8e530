package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import dev.jminikube.core.input.Flag;
import dev.jminikube.cluster.ProfileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ide", mixinStandardHelpOptions = true,
        description = {"Write run configurations for IntelliJ (.run/) or VS Code (.vscode/) into a project: one that "
                + "starts the cluster and, with --main-class, one that runs your program against it (KUBECONFIG set "
                + "to the profile's kubeconfig) after starting it.",
                "Files you changed, or that jminikube did not write, are left alone unless --force."})
final class IdeCommand implements Callable<Integer> {
    static final List<String> IDES = List.of("intellij", "vscode");
    /** Exported by the ./jminikube launcher script: its own absolute path. */
    static final String LAUNCHER_VARIABLE = "JMINIKUBE_LAUNCHER";

    private static final Flag DIR = new Flag("--dir", Reason.USAGE, "your project's directory", "$HOME/src/myapp");
    private static final Flag MAIN_CLASS = new Flag("--main-class", Reason.USAGE,
            "the fully qualified name of a Java class with a main method", "com.example.Main");

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "IDE", description = "intellij or vscode.")
    String ide;

    @Option(names = "--dir", paramLabel = "DIR", description = "The project to write into. Default: the current directory.")
    String dir;

    @Mixin
    ProfileOption profile;

    @Option(names = "--main-class", paramLabel = "CLASS",
            description = "Your program's main class: adds a configuration that starts the cluster, then runs it.")
    String mainClass;

    @Option(names = "--force", description = "Replace files jminikube did not write or that were changed since.")
    boolean force;

    IdeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        // Every input is checked before anything is written.
        String which = ide(ide);
        String name = profile.validated();
        Optional<String> main = Optional.ofNullable(mainClass).map(IdeCommand::mainClass);
        Path project = projectDir(dir, ctx.env().workingDir());
        Environment env = ctx.env();
        Path kubeconfig = ProfileStore.of(env, name).kubeconfig();
        IdeTarget target = new IdeTarget(name, launcher(), kubeconfig, main,
                main.isPresent() && which.equals("intellij") ? MavenModule.of(project) : Optional.empty());
        List<OwnedFile> files = which.equals("intellij") ? IntellijRunConfigs.files(target)
                : VsCodeRunConfigs.files(target);
        List<OwnedFile> refused = new ArrayList<>();
        for (OwnedFile file : files) {
            OwnedFile.Outcome outcome = write(file, project);
            if (outcome == OwnedFile.Outcome.REFUSED) {
                refused.add(file);
                ctx.warn("Refused " + file.relativePath() + ": jminikube did not write it, or it was changed since"
                        + (file.addYourself() == null ? "" : "; to keep yours, add " + file.addYourself()));
            } else {
                ctx.info(outcome.verb + " " + file.relativePath());
            }
        }
        if (!refused.isEmpty()) {
            throw refusal(refused, force);
        }
        if (main.isPresent() && which.equals("intellij") && target.module().isEmpty()) {
            ctx.info("IntelliJ asks once which module holds " + main.get() + " (\"-cp\" in '"
                    + target.programName().orElseThrow() + "'); choosing it makes the file yours, so jminikube "
                    + "leaves it alone afterwards.");
        }
        return 0;
    }

    private OwnedFile.Outcome write(OwnedFile file, Path project) {
        try {
            return file.writeInto(project, force);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE, "cannot write " + project.resolve(file.relativePath())
                    + ": " + ControlCharacters.escape(String.valueOf(e.getMessage())), e);
        }
    }

    private static JmkException refusal(List<OwnedFile> refused, boolean force) {
        List<String> paths = refused.stream().map(f -> f.relativePath().toString()).toList();
        boolean entries = refused.stream().anyMatch(f -> f.addYourself() != null);
        String advice = force ? "Move it aside yourself: --force replaces files only, and this is not one."
                : (entries ? "Add the entries printed above to your file yourself, or run" : "Move it aside, or run")
                        + " the command again with --force to replace it (its present content is lost).";
        return new JmkException(Reason.HOST_FILE_NOT_OURS, "left " + String.join(" and ", paths)
                + (paths.size() == 1 ? " as it is" : " as they are") + ": not written by jminikube, or changed since",
                advice, null, null);
    }

    static String ide(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!IDES.contains(lower)) {
            throw new JmkException(Reason.USAGE, "unknown IDE " + Flag.quote(name) + ": jminikube writes run "
                    + "configurations for " + String.join(" and ", IDES),
                    "Run 'jminikube ide intellij' or 'jminikube ide vscode'.", null, null);
        }
        return lower;
    }

    /** A class name as Java spells it (keywords are not names): what IntelliJ and VS Code would look up. */
    static String mainClass(String name) {
        if (!SourceVersion.isName(name)) {
            throw MAIN_CLASS.invalid(name, "is not a Java class name");
        }
        return name;
    }

    /** {@code --dir}, relative to the directory jminikube was started in; it must be a directory one can write to. */
    static Path projectDir(String dir, Path workingDir) {
        if (dir == null) {
            return requireWritable(workingDir);
        }
        Path path;
        try {
            path = workingDir.resolve(dir).normalize();
        } catch (InvalidPathException e) {
            throw DIR.invalid(dir, "is not a path");
        }
        if (!Files.exists(path)) {
            throw DIR.invalid(dir, "does not exist");
        }
        if (!Files.isDirectory(path)) {
            throw DIR.invalid(dir, "is not a directory");
        }
        return requireWritable(path);
    }

    private static Path requireWritable(Path dir) {
        if (!Files.isWritable(dir)) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE, "cannot write into " + dir
                    + ": the run configurations go there", "Make it writable, or pass --dir a project directory you "
                    + "can write to.", null, null);
        }
        return dir;
    }

    /** The launcher's absolute path when jminikube runs through it; else {@code jminikube}, found on PATH. */
    private String launcher() {
        Optional<Path> script = ctx.env().variable(LAUNCHER_VARIABLE).filter(s -> !s.isBlank()).flatMap(s -> {
            try {
                return Optional.of(Path.of(s));
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }).filter(p -> p.isAbsolute() && Files.isRegularFile(p));
        if (script.isEmpty()) {
            ctx.warn("Not run through the ./jminikube launcher (" + LAUNCHER_VARIABLE + " is not set to it): the "
                    + "configurations run 'jminikube' from PATH.");
        }
        return script.map(Path::toString).orElse("jminikube");
    }
}
