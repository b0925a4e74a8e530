package dev.jminikube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.cluster.ProfileStore;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.MachineStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code profile}: print the active profile; {@code profile NAME} makes NAME the active one (kept in config.json). */
@Command(name = "profile", description = "Print the active profile, or make NAME the active profile.")
final class ProfileCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The profile to make active.")
    String name;

    @Spec
    CommandSpec spec;

    ProfileCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (name == null) {
            ctx.out().println(((RootCommand) spec.root().userObject()).profile());
            ctx.out().flush();
            return 0;
        }
        UserConfig.of(ctx.env()).set(ConfigKey.PROFILE, name);
        ctx.info("\"" + name + "\" is now the active profile.");
        if (CliMachines.of(ctx, spec).status(name).host() == DriverState.NONEXISTENT) {
            ctx.warn("Profile \"" + name + "\" does not exist yet; 'jminikube start' creates it.");
        }
        ctx.env().variable(ActiveProfile.VARIABLE).filter(v -> !v.isBlank()).ifPresent(v -> ctx.warn(
                ActiveProfile.VARIABLE + "=" + v + " is set in this shell and wins over the active profile."));
        return 0;
    }

    /**
     * One profile as {@code profile list} shows it. A profile whose files cannot be read is listed with the problem,
     * so one damaged profile does not hide the others.
     */
    record Row(String name, String driver, String status, String kubernetesVersion, String containerRuntime,
               String ip, int nodes, boolean active, String problem) {
    }

    @Command(name = "list", description = "List the profiles: driver, status, Kubernetes version, runtime, IP.")
    static final class ListCommand implements Callable<Integer> {
        private final CliContext ctx;

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
            String active = ((RootCommand) spec.root().userObject()).profile();
            MachineManager machines = CliMachines.of(ctx, spec);
            List<Row> rows = new ArrayList<>();
            for (String profile : machines.profiles()) {
                rows.add(row(machines, profile, profile.equals(active)));
            }
            if (output.equals("json")) {
                ctx.out().println(new ObjectMapper().writeValueAsString(json(rows)));
                ctx.out().flush();
                return 0;
            }
            if (rows.isEmpty()) {
                ctx.info("There are no profiles; 'jminikube start' creates \"" + active + "\".");
                return 0;
            }
            Table table = new Table("PROFILE", "DRIVER", "STATUS", "KUBERNETES", "RUNTIME", "IP", "NODES", "ACTIVE");
            for (Row r : rows) {
                table.row(r.name(), r.driver(), r.status(), r.kubernetesVersion(), r.containerRuntime(), r.ip(),
                        Integer.toString(r.nodes()), r.active() ? "*" : "");
            }
            table.print(ctx.out());
            rows.stream().filter(r -> r.problem() != null).forEach(r -> ctx.warn(r.problem()));
            return 0;
        }

        private Row row(MachineManager machines, String profile, boolean active) {
            try {
                MachineStatus status = machines.status(profile);
                Optional<ClusterState> cluster = ProfileStore.of(ctx.env(), profile).cluster();
                String ip = "";
                if (status.host() == DriverState.RUNNING) {
                    try {
                        ip = machines.ip(profile);
                    } catch (JmkException e) {
                        ip = ""; // stopped between the two questions: no address to show
                    }
                }
                return new Row(profile, Optional.ofNullable(status.driver()).orElse(""), status.host().display(),
                        cluster.map(ClusterState::kubernetesVersion).orElse(""),
                        cluster.map(ClusterState::containerRuntime).orElse(""), ip,
                        1 + machines.workerMachines(profile).size(), active, null);
            } catch (RuntimeException e) {
                return new Row(profile, "", "Damaged", "", "", "", 1, active, "Profile \"" + profile
                        + "\" is damaged: " + e.getMessage() + (e instanceof JmkException j ? " (" + j.reason().id() + ")" : ""));
            }
        }

        /** {"valid": [{name, driver, status, kubernetesVersion, containerRuntime, ip, nodes, active}], "invalid": [{name, problem}]} */
        static Map<String, Object> json(List<Row> rows) {
            List<Map<String, Object>> valid = new ArrayList<>();
            List<Map<String, Object>> invalid = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.name());
                if (r.problem() != null) {
                    m.put("problem", r.problem());
                    invalid.add(m);
                    continue;
                }
                m.put("driver", r.driver());
                m.put("status", r.status());
                m.put("kubernetesVersion", r.kubernetesVersion());
                m.put("containerRuntime", r.containerRuntime());
                m.put("ip", r.ip());
                m.put("nodes", r.nodes());
                m.put("active", r.active());
                valid.add(m);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("valid", valid);
            doc.put("invalid", invalid);
            return doc;
        }
    }
}
