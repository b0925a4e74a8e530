package dev.jminikube.cli;

import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.MachineStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the state of a cluster.")
final class StatusCommand implements Callable<Integer> {
    /** minikube's convention: the exit code says what is not running, so scripts can branch on it. */
    static final int EXIT_HOST_NOT_RUNNING = 7;
    static final int EXIT_NONEXISTENT = 85;

    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json.")
    String output;

    StatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!output.equals("text") && !output.equals("json")) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--output must be text or json, not " + output);
        }
        MachineStatus status = new MachineManager(ctx.env(), ctx::warn).status(profile.validated());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", status.profile());
        fields.put("Host", status.host().display());
        fields.put("Kubelet", orNone(status.kubelet(), status.host()));
        fields.put("APIServer", orNone(status.apiServer(), status.host()));
        fields.put("Kubeconfig", orNone(status.kubeconfig(), status.host()));
        if (output.equals("json")) {
            ctx.out().println(fields.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue().replace("\"", "\\\"") + "\"")
                    .collect(Collectors.joining(",", "{", "}")));
        } else {
            ctx.out().println(status.profile());
            fields.entrySet().stream().skip(1).forEach(e -> ctx.out().println(e.getKey().toLowerCase() + ": "
                    + e.getValue()));
        }
        ctx.out().flush();
        return switch (status.host()) {
            case RUNNING -> 0;
            case NONEXISTENT -> EXIT_NONEXISTENT;
            default -> EXIT_HOST_NOT_RUNNING;
        };
    }

    /** Kubernetes components are not set up by this build: say "Stopped"/"Nonexistent" rather than invent a state. */
    private static String orNone(String value, DriverState host) {
        if (value != null) {
            return value;
        }
        return host == DriverState.NONEXISTENT ? "Nonexistent" : "Stopped";
    }
}
