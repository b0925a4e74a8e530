package dev.jminikube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.NodeSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code node}: the nodes of a profile (issue 18). */
@Command(name = "node", description = "Work with a cluster's nodes: 'node list'.")
final class NodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * {@code node list}: each node's name and address, as minikube prints them (name, a tab, the IP). A node on the
     * profile's node network shows its address there, whether it runs or not; a one-node profile's shows the
     * address its driver gives while it runs.
     */
    @Command(name = "list", description = "List the profile's nodes: name and IP.")
    static final class ListCommand implements Callable<Integer> {
        private final CliContext ctx;

        @Mixin
        ProfileOption profile;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
        String output;

        @Spec
        CommandSpec spec;

        ListCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            OutputFormats.check(spec, output, "table", "json");
            String name = profile.validated();
            MachineManager machines = profile.machines(ctx);
            MachineConfig controlPlane = machines.existingConfig(name).orElseThrow(() -> new JmkException(
                    Reason.GUEST_NOT_FOUND, "profile \"" + name + "\" does not exist")
                    .withAdvice("Create it with 'jminikube start -p " + name + "'."));
            List<Map<String, String>> nodes = new ArrayList<>();
            nodes.add(node(name, address(machines, name, controlPlane.segment())));
            for (String worker : machines.workerMachines(name)) {
                nodes.add(node(worker, address(machines, worker, machines.existingConfig(worker)
                        .map(MachineConfig::segment).orElse(null))));
            }
            if (output.equals("json")) {
                ctx.out().println(new ObjectMapper().writeValueAsString(nodes));
            } else {
                nodes.forEach(n -> ctx.out().println(n.get("name") + "\t" + n.get("ip")));
            }
            ctx.out().flush();
            return 0;
        }

        private static Map<String, String> node(String name, String ip) {
            Map<String, String> node = new LinkedHashMap<>();
            node.put("name", name);
            node.put("ip", ip);
            return node;
        }

        private static String address(MachineManager machines, String machine, NodeSegment segment) {
            if (segment != null) {
                return segment.address();
            }
            if (machines.status(machine).host() != DriverState.RUNNING) {
                return "";
            }
            try {
                return machines.ip(machine);
            } catch (JmkException e) {
                return ""; // stopped between the two questions
            }
        }
    }
}
