package dev.jminikube.drivers.virtualbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code VBoxManage showvminfo VM --machinereadable}: one {@code key=value} per line, keys bare or quoted
 * ({@code "SATA-0-0"="/path/disk.vdi"}), values quoted strings (with {@code \"}, {@code \\} and {@code \n}
 * escaped) or bare numbers ({@code memory=2048}).
 */
record VmInfo(Map<String, String> values) {

    VmInfo {
        values = Map.copyOf(values);
    }

    static VmInfo parse(String machineReadable) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : machineReadable.lines().toList()) {
            int eq = keyEnd(line);
            if (eq <= 0) {
                continue;
            }
            values.putIfAbsent(unquote(line.substring(0, eq)), unquote(line.substring(eq + 1)));
        }
        return new VmInfo(values);
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    VmState state() {
        return get("VMState").map(VmState::parse).orElse(VmState.UNKNOWN);
    }

    /** The VM's settings file ({@code CfgFile}), e.g. {@code .../jmk-dev/jmk-dev.vbox}. */
    Optional<Path> settingsFile() {
        return get("CfgFile").map(Path::of);
    }

    /** The NAT forwarding rules ({@code Forwarding(0)}, {@code Forwarding(1)}, ...) of the NAT adapter. */
    List<NatRule> natRules() {
        List<NatRule> rules = new ArrayList<>();
        for (int i = 0; values.containsKey("Forwarding(" + i + ")"); i++) {
            NatRule.parse(values.get("Forwarding(" + i + ")")).ifPresent(rules::add);
        }
        return rules;
    }

    /** The '=' between key and value; a quoted key may itself contain '='. */
    private static int keyEnd(String line) {
        if (line.startsWith("\"")) {
            int close = closingQuote(line, 1);
            return close < 0 || close + 1 >= line.length() || line.charAt(close + 1) != '=' ? -1 : close + 1;
        }
        return line.indexOf('=');
    }

    private static int closingQuote(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String raw) {
        String s = raw.strip();
        if (s.length() < 2 || !s.startsWith("\"") || !s.endsWith("\"")) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                char next = s.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
