package dev.jminikube.bootstrap.config;

import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import dev.jminikube.core.input.Flag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses the repeated {@code --extra-config=component.key=value} values. The component ends at the
 * first '.', the key at the first '=' after it; the value is the rest, so it may hold '=', ',' and
 * '.' (e.g. {@code kubelet.eviction-hard=memory.available<100Mi,nodefs.available<5%}). Values are
 * not split on ',' because many flags take comma lists.
 *
 * <p>No part may hold a control character (line feed, carriage return, NUL, tab, DEL...): the options become
 * lines of systemd unit files, where a line feed in a value would start a directive of its own
 * ({@code ExecStartPre=} running anything as root in the node).
 */
public final class ExtraConfigParser {
    /** A flag name as the components spell them (kebab-case; camelCase and dots pass too). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String VALID_COMPONENTS = Arrays.stream(Component.values())
            .map(Component::configName).collect(Collectors.joining(", "));

    private ExtraConfigParser() {
    }

    /** All values in the order given; later duplicates win when the flags are generated. */
    public static List<ExtraOption> parse(List<String> values) {
        List<ExtraOption> options = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            options.add(parseOne(value));
        }
        return List.copyOf(options);
    }

    public static ExtraOption parseOne(String text) {
        String value = text == null ? "" : text.trim();
        int equals = value.indexOf('=');
        String target = equals < 0 ? value : value.substring(0, equals);
        int dot = target.indexOf('.');
        if (equals < 0 || dot <= 0) {
            throw invalid(text, "expected component.key=value");
        }
        String componentName = target.substring(0, dot);
        String key = target.substring(dot + 1);
        Component component = Component.byConfigName(componentName)
                .orElseThrow(() -> invalid(text, "unknown component " + Flag.quote(componentName)));
        if (!KEY.matcher(key).matches()) {
            throw invalid(text, key.isEmpty() ? "the key is empty"
                    : Flag.quote(key) + " is not a flag name (write it without leading dashes, e.g. max-pods)");
        }
        // The text as given, not trimmed: trimming must not be what stands between a line feed and a unit file.
        OptionalInt control = ControlCharacters.firstIndex(text);
        if (control.isPresent()) {
            throw new JmkException(Reason.EXTRA_CONFIG_INVALID, "--extra-config=" + Flag.quote(text) + ": "
                    + componentName + "." + key + " holds " + ControlCharacters.describe(text.charAt(control.getAsInt()))
                    + ", which would end the flag's line in the unit file and start a directive of its own",
                    "Write each --extra-config on one line, without control characters (line feed, tab, NUL...); "
                            + "a list goes comma-separated, e.g. --extra-config=kubelet.node-labels=a=1,b=2.", null, null);
        }
        return new ExtraOption(component, key, value.substring(equals + 1));
    }

    private static JmkException invalid(String text, String problem) {
        return new JmkException(Reason.EXTRA_CONFIG_INVALID, "--extra-config=" + Flag.quote(text) + ": " + problem
                + "; components are " + VALID_COMPONENTS);
    }
}
