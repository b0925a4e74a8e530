package dev.jminikube.cli;

import dev.jminikube.cluster.ClusterBinaries;
import dev.jminikube.cluster.ProfileStore;
import dev.jminikube.bootstrap.ClusterStateFile;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NodeConfiguration;
import dev.jminikube.bootstrap.SupportedVersions;
import dev.jminikube.bootstrap.kubeconfig.KubeconfigMerger;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "kubectl", mixinStandardHelpOptions = true,
        description = "Run a kubectl that matches the cluster's version against it: jminikube kubectl -- get pods -A")
final class KubectlCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "Arguments for kubectl (after --).")
    List<String> args = new ArrayList<>();

    KubectlCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws InterruptedException {
        String name = profile.validated();
        KubernetesVersion version = ProfileStore.of(ctx.env(), name).cluster().map(ClusterStateFile.ClusterState::version).orElse(SupportedVersions.DEFAULT);
        Path kubectl = ClusterBinaries.cachedBinary(ctx.env(), version, "kubectl").orElseThrow(() ->
                new JmkException(Reason.K8S_BINARIES_UNAVAILABLE, "no kubectl " + version + " in the cache")
                        .withAdvice("Run 'jminikube start -p " + name + "' (or 'jminikube start --download-only "
                                + "--kubernetes-version=" + version + "') to fetch or build it."));
        List<String> argv = new ArrayList<>(List.of(kubectl.toString(), "--context", name));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("KUBECONFIG", kubeconfigWithContext(ctx.env(), name).toString());
        ctx.out().flush();
        try {
            if (System.console() != null) {
                // A person at a terminal: kubectl gets it (edit, exec -it, port-forward need it).
                return pb.inheritIO().start().waitFor();
            }
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            Thread err = new Thread(() -> pump(p.getErrorStream(), ctx.err()));
            err.start();
            pump(p.getInputStream(), ctx.out());
            err.join();
            return p.waitFor();
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_TOOL_MISSING, "cannot run " + kubectl + ": " + e.getMessage(), e);
        }
    }

    /**
     * The user's kubeconfig when it has the profile's context (so its namespace and other settings apply),
     * else the profile's own one: start writes that always, and leaves the user's alone when it may not rewrite it.
     */
    static Path kubeconfigWithContext(Environment env, String name) {
        Path user = env.kubeconfig();
        Path own = NodeConfiguration.profileKubeconfig(ProfileStore.of(env, name).dir());
        if (!Files.isRegularFile(own)) {
            return user; // a cluster started before jminikube wrote its own file
        }
        try {
            return new KubeconfigMerger(user).serverOf(name).isPresent() ? user : own;
        } catch (JmkException unreadable) {
            return own; // kubectl could not read it either
        }
    }

    private static void pump(InputStream in, java.io.PrintWriter out) {
        try (in) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.write(new String(buf, 0, n, StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // the process ended; what it wrote is out
        }
    }
}
