package dev.jminikube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code config}: the defaults {@code start} takes when a flag is left out, and the active profile. */
@Command(name = "config", description = "Set, get, unset or view the defaults 'jminikube start' uses. Keys: driver, "
        + "cpus, memory, disk-size, kubernetes-version, container-runtime, addons (comma-separated), profile.")
final class ConfigCommand extends UsageCommand {
    ConfigCommand(CliContext ctx) {
        super(ctx);
    }

    @Command(name = "set", description = "Set KEY to VALUE, checked as the start flag of the same name.")
    static final class SetCommand implements Callable<Integer> {
        private final CliContext ctx;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        SetCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ConfigKey k = ConfigKey.of(key);
            String stored = UserConfig.of(ctx.env()).set(k, value);
            ctx.info(k.key() + " = " + stored + (k == ConfigKey.PROFILE ? " (the active profile)"
                    : "; 'jminikube start' uses it when --" + k.key() + " is not given."));
            return 0;
        }
    }

    @Command(name = "get", description = "Print KEY's value (nothing, and a usage error, when it is not set).")
    static final class GetCommand implements Callable<Integer> {
        private final CliContext ctx;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        GetCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ConfigKey k = ConfigKey.of(key);
            var value = UserConfig.of(ctx.env()).get(k);
            if (value.isEmpty()) {
                // minikube's "config get" of an unset key is an error too; scripts test the exit code.
                throw new JmkException(Reason.USAGE, k.key() + " is not set",
                        "Set it with 'jminikube config set " + k.key() + " VALUE'; 'jminikube config view' shows what is set.",
                        null, null);
            }
            ctx.out().println(value.get());
            ctx.out().flush();
            return 0;
        }
    }

    @Command(name = "unset", description = "Remove KEY, so start uses its built-in default again.")
    static final class UnsetCommand implements Callable<Integer> {
        private final CliContext ctx;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        UnsetCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ConfigKey k = ConfigKey.of(key);
            boolean had = UserConfig.of(ctx.env()).unset(k);
            ctx.info(had ? k.key() + " is unset." : k.key() + " was not set.");
            return 0;
        }
    }

    @Command(name = "view", description = "Print every key that is set.")
    static final class ViewCommand implements Callable<Integer> {
        private final CliContext ctx;
        @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
        String output;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        ViewCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            OutputFormats.check(spec, output, "text", "json");
            Map<String, String> values = new LinkedHashMap<>();
            UserConfig.of(ctx.env()).values().forEach((k, v) -> values.put(k.key(), v));
            if (output.equals("json")) {
                // {"driver": "qemu2", "memory": "4g", ...}: only what is set, every value a string.
                ctx.out().println(new ObjectMapper().writeValueAsString(values));
            } else {
                values.forEach((k, v) -> ctx.out().println("- " + k + ": " + v));
            }
            ctx.out().flush();
            return 0;
        }
    }
}
