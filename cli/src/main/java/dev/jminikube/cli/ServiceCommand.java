package dev.jminikube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.cluster.RunningCluster;
import dev.jminikube.cluster.ServiceUrls;
import dev.jminikube.addons.services.ServicePorts;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.drivers.MachineManager;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "service", mixinStandardHelpOptions = true,
        description = "Give a URL on this host for a NodePort service (adds a 127.0.0.1 forward to the node) and open it.")
final class ServiceCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The service ('service list' shows all).")
    String service;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Its namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--url", description = "Print the URL only (do not open a browser).")
    boolean urlOnly;

    ServiceCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (service == null) {
            throw new JmkException(Reason.USAGE, "give the name of a service, or 'jminikube service list' to see them all")
                    .withAdvice("Run 'jminikube service --help' to see its flags.");
        }
        String name = profile.validated();
        RunningCluster cluster = RunningCluster.of(ctx.env(), profile.machines(ctx), name);
        try (KubernetesClient client = cluster.client()) {
            ServiceUrls.Service found = new ServiceUrls(cluster, client).of(namespace, service);
            BrowserOpener browser = new BrowserOpener(ctx.env(), new LocalCommandRunner());
            for (ServiceUrls.Url url : found.urls()) {
                ServicePorts.Port port = url.port();
                if (urlOnly) {
                    ctx.out().println(url.uri());
                } else {
                    ctx.info(found.service().qualifiedName() + (port.name().isEmpty() ? "" : " (" + port.name() + ")")
                            + " port " + port.port() + " -> " + url.uri());
                    if (!browser.open(url.uri().toString())) {
                        ctx.info("No browser to open here; open " + url.uri() + " yourself.");
                    }
                }
            }
        }
        ctx.out().flush();
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the services and their URLs on this host.")
    static final class ListCommand implements Callable<Integer> {
        private final CliContext ctx;

        @Mixin
        ProfileOption profile;

        @Option(names = {"-n", "--namespace"}, description = "Only this namespace (default: all).")
        String namespace;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
        String output;

        @Spec
        CommandSpec spec;

        ListCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws IOException {
            OutputFormats.check(spec, output, "table", "json");
            String name = profile.validated();
            RunningCluster cluster = RunningCluster.of(ctx.env(), profile.machines(ctx), name);
            try (KubernetesClient client = cluster.client()) {
                List<ServiceUrls.Service> all = new ServiceUrls(cluster, client).list(namespace);
                if (output.equals("json")) {
                    ctx.out().println(new ObjectMapper().writeValueAsString(json(all)));
                    ctx.out().flush();
                    return 0;
                }
                Table table = new Table("NAMESPACE", "NAME", "TARGET PORT", "URL");
                for (ServiceUrls.Service s : all) {
                    if (s.urls().isEmpty()) {
                        table.row(s.service().namespace(), s.service().name(), "No node port", "");
                    }
                    for (ServiceUrls.Url u : s.urls()) {
                        ServicePorts.Port p = u.port();
                        table.row(s.service().namespace(), s.service().name(),
                                (p.name().isEmpty() ? "" : p.name() + "/") + p.port(), u.uri().toString());
                    }
                }
                table.print(ctx.out());
            }
            return 0;
        }

        /** The {@code -o json} document (its shape is in the README): one object per service, urls empty without a node port. */
        static List<Map<String, Object>> json(List<ServiceUrls.Service> services) {
            List<Map<String, Object>> doc = new ArrayList<>();
            for (ServiceUrls.Service s : services) {
                Map<String, Object> service = new LinkedHashMap<>();
                service.put("namespace", s.service().namespace());
                service.put("name", s.service().name());
                service.put("type", s.service().type());
                List<Map<String, Object>> urls = new ArrayList<>();
                for (ServiceUrls.Url u : s.urls()) {
                    Map<String, Object> url = new LinkedHashMap<>();
                    url.put("portName", u.port().name());
                    url.put("port", u.port().port());
                    url.put("targetPort", u.port().targetPort());
                    url.put("nodePort", u.port().nodePort());
                    url.put("url", u.uri().toString());
                    urls.add(url);
                }
                service.put("urls", urls);
                doc.add(service);
            }
            return doc;
        }
    }
}
