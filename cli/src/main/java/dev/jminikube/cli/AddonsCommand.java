package dev.jminikube.cli;

import dev.jminikube.cluster.NodePortForwards;
import dev.jminikube.cluster.ClusterCalls;

import dev.jminikube.cluster.RunningCluster;
import dev.jminikube.cluster.ProfileStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.addons.Addon;
import dev.jminikube.addons.AddonCatalog;
import dev.jminikube.addons.AddonImage;
import dev.jminikube.addons.AddonManager;
import dev.jminikube.addons.AddonStateFile;
import dev.jminikube.addons.AddonStatus;
import dev.jminikube.addons.services.NodePortServices;
import dev.jminikube.addons.services.ServicePorts;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineManager;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "addons", description = "List, enable, disable and open cluster add-ons.")
final class AddonsCommand extends UsageCommand {
    AddonsCommand(CliContext ctx) {
        super(ctx);
    }

    /** The add-on named on the command line, checked before anything touches the cluster. */
    static Addon addon(String name) {
        return AddonCatalog.builtin().lookup(name);
    }

    static String images(List<AddonImage> images) {
        return images.stream().map(i -> i.reference() + (i.origin() == AddonImage.Origin.BUILT_LOCALLY
                ? " (built here)" : " (pulled)")).collect(Collectors.joining(", "));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the add-ons, whether they are enabled, and their status.")
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
            String name = profile.validated();
            MachineManager machines = profile.machines(ctx);
            List<AddonStatus> rows;
            if (machines.status(name).host() == DriverState.RUNNING && ProfileStore.of(ctx.env(), name).cluster().isPresent()) {
                RunningCluster cluster = RunningCluster.of(ctx.env(), machines, name);
                try (KubernetesClient client = cluster.client(); CommandRunner guest = cluster.guest()) {
                    AddonManager manager = cluster.addons(ctx.env(), client, guest, line -> ctx.info(line));
                    rows = ClusterCalls.call(cluster, manager::statuses);
                }
            } else {
                // No cluster to ask: what the profile chose (or the defaults), without a status.
                AddonStateFile state = AddonStateFile.in(ProfileStore.of(ctx.env(), name).dir());
                var version = ProfileStore.of(ctx.env(), name).cluster().map(s -> s.version())
                        .orElse(dev.jminikube.bootstrap.SupportedVersions.DEFAULT);
                rows = new ArrayList<>();
                for (Addon a : AddonCatalog.builtin().all()) {
                    rows.add(new AddonStatus(a.name(), state.enabled(a), "cluster not running",
                            List.copyOf(a.imagesFor(version).values()), a.description()));
                }
            }
            if (output.equals("json")) {
                Map<String, Object> json = new LinkedHashMap<>();
                for (AddonStatus r : rows) {
                    json.put(r.name(), Map.of("enabled", r.enabled(), "status", r.status(),
                            "images", r.images().stream().map(AddonImage::reference).toList()));
                }
                ctx.out().println(new ObjectMapper().writeValueAsString(json));
                ctx.out().flush();
                return 0;
            }
            Table table = new Table("ADDON NAME", "ENABLED", "STATUS", "IMAGES");
            rows.forEach(r -> table.row(r.name(), r.enabled() ? "enabled" : "disabled", r.status(), images(r.images())));
            table.print(ctx.out());
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable an add-on on a running cluster.")
    static final class EnableCommand implements Callable<Integer> {
        private final CliContext ctx;
        @Mixin
        ProfileOption profile;
        @Parameters(index = "0", paramLabel = "ADDON")
        String addonName;

        EnableCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Addon addon = addon(addonName);
            String name = profile.validated();
            RunningCluster cluster = RunningCluster.of(ctx.env(), profile.machines(ctx), name);
            try (KubernetesClient client = cluster.client(); CommandRunner guest = cluster.guest()) {
                AddonManager manager = cluster.addons(ctx.env(), client, guest, line -> ctx.info("  " + line));
                ClusterCalls.call(cluster, () -> {
                    manager.enable(addon);
                    return null;
                });
            }
            ctx.info("The '" + addon.name() + "' add-on is enabled on \"" + name + "\"; its pods start in the background "
                    + "('jminikube addons list -p " + name + "' shows their status).");
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable an add-on: delete its objects.")
    static final class DisableCommand implements Callable<Integer> {
        private final CliContext ctx;
        @Mixin
        ProfileOption profile;
        @Parameters(index = "0", paramLabel = "ADDON")
        String addonName;

        DisableCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Addon addon = addon(addonName);
            String name = profile.validated();
            RunningCluster cluster = RunningCluster.of(ctx.env(), profile.machines(ctx), name);
            try (KubernetesClient client = cluster.client(); CommandRunner guest = cluster.guest()) {
                AddonManager manager = cluster.addons(ctx.env(), client, guest, line -> ctx.info("  " + line));
                ClusterCalls.call(cluster, () -> {
                    manager.disable(addon);
                    // Its NodePorts (the dashboard's) are gone with it: so are their host forwards.
                    new NodePortForwards(cluster.machines(), name).pruneExcept(new NodePortServices(client).allNodePorts());
                    return null;
                });
            }
            ctx.info("The '" + addon.name() + "' add-on is disabled on \"" + name + "\".");
            return 0;
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true, description = "Open an add-on's web UI (e.g. dashboard).")
    static final class OpenCommand implements Callable<Integer> {
        private final CliContext ctx;
        @Mixin
        ProfileOption profile;
        @Parameters(index = "0", paramLabel = "ADDON")
        String addonName;
        @Option(names = "--url", description = "Print the URL only (do not open a browser).")
        boolean urlOnly;

        OpenCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Addon addon = addon(addonName);
            Addon.ServiceRef ref = addon.openService().orElseThrow(() -> new JmkException(Reason.USAGE,
                    "the '" + addon.name() + "' add-on has no web UI to open; add-ons with one: "
                            + AddonCatalog.builtin().all().stream().filter(a -> a.openService().isPresent())
                            .map(Addon::name).collect(Collectors.joining(", "))));
            String name = profile.validated();
            RunningCluster cluster = RunningCluster.of(ctx.env(), profile.machines(ctx), name);
            if (!AddonStateFile.in(cluster.machineDir()).enabled(addon)) {
                throw new JmkException(Reason.ADDON_FAILED, "the '" + addon.name() + "' add-on is not enabled on \"" + name + "\"")
                        .withAdvice("Enable it first: 'jminikube addons enable " + addon.name() + " -p " + name + "'.");
            }
            try (KubernetesClient client = cluster.client()) {
                ServicePorts service = ClusterCalls.call(cluster,
                        () -> new NodePortServices(client).getWithNodePorts(ref.namespace(), ref.name()));
                String url = new NodePortForwards(cluster.machines(), name).url(service.nodePorts().get(0).nodePort());
                if (urlOnly) {
                    ctx.out().println(url);
                    ctx.out().flush();
                } else if (!new BrowserOpener(ctx.env(), new LocalCommandRunner()).open(url)) {
                    ctx.info("No browser to open here; open " + url + " yourself.");
                } else {
                    ctx.info("Opened " + url);
                }
            }
            return 0;
        }
    }
}
