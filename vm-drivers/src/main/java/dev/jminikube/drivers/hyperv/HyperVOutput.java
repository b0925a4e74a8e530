package dev.jminikube.drivers.hyperv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.DriverState;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads what the {@link HyperVScripts} print. Pure functions, table-tested on captured shapes. */
final class HyperVOutput {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Get-VM says for a name it does not know (error id InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM). */
    static final String NO_SUCH_VM = "Hyper-V was unable to find a virtual machine with name";

    /**
     * Microsoft.HyperV.PowerShell.VMState by number, for output that went through ConvertTo-Json without
     * {@code .ToString()}. Only the values a VM shows in practice.
     */
    private static final Map<Integer, String> STATE_NUMBERS = Map.ofEntries(Map.entry(1, "Other"),
            Map.entry(2, "Running"), Map.entry(3, "Off"), Map.entry(4, "Stopping"), Map.entry(6, "Saved"),
            Map.entry(9, "Paused"), Map.entry(10, "Starting"), Map.entry(11, "Reset"), Map.entry(32773, "Saving"),
            Map.entry(32776, "Pausing"), Map.entry(32777, "Resuming"), Map.entry(32779, "FastSaved"),
            Map.entry(32780, "FastSaving"));

    /** Microsoft.HyperV.PowerShell.VMSwitchType. */
    enum SwitchType { PRIVATE, INTERNAL, EXTERNAL }

    record VirtualSwitch(String name, SwitchType type) {
    }

    record Health(int hyperVCommands, boolean admin, boolean hyperVAdmin) {
    }

    private HyperVOutput() {
    }

    /** The state name, from the name itself ("Running") or its enum number ("2"). */
    static String stateName(String output) {
        String s = output.strip();
        if (s.matches("\\d+")) {
            return STATE_NUMBERS.getOrDefault(Integer.parseInt(s), "Unknown(" + s + ")");
        }
        return s;
    }

    /**
     * What the machine layer makes of a Hyper-V state. Starting and Stopping still run the guest; Saved (and
     * FastSaved) have no running guest but its memory on disk, which Start-VM resumes: Suspended; Paused and the
     * transitions in between (Saving, Resuming) are an error the next start clears by turning the VM off.
     */
    static DriverState driverState(String stateName) {
        switch (stateName.toLowerCase(Locale.ROOT)) {
            case "running":
            case "starting":
            case "stopping":
                return DriverState.RUNNING;
            case "off":
                return DriverState.STOPPED;
            case "saved":
            case "fastsaved":
                return DriverState.SUSPENDED;
            default:
                return DriverState.ERROR;
        }
    }

    /** True when {@code stderr} is Get-VM's "no such VM" error. */
    static boolean isNoSuchVm(String stderr) {
        return stderr.contains(NO_SUCH_VM);
    }

    /**
     * The first IPv4 address that is not link-local (169.254/16, which Windows-style stacks pick before DHCP
     * answers), from the JSON array the adapters report; IPv6 addresses (fe80::... comes first) are skipped.
     */
    static Optional<String> firstUsableIpv4(String json) {
        for (String address : strings(json)) {
            if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                continue;
            }
            try {
                InetAddress a = InetAddress.getByName(address); // a literal: no lookup
                if (a instanceof Inet4Address && !a.isLinkLocalAddress() && !a.isLoopbackAddress()
                        && !a.isAnyLocalAddress()) {
                    return Optional.of(address);
                }
            } catch (UnknownHostException e) {
                // not an address after all
            }
        }
        return Optional.empty();
    }

    static List<VirtualSwitch> switches(String json) {
        List<VirtualSwitch> result = new ArrayList<>();
        for (JsonNode n : array(json)) {
            result.add(new VirtualSwitch(n.path("Name").asText(), switchType(n.path("SwitchType"))));
        }
        return result;
    }

    private static SwitchType switchType(JsonNode n) {
        if (n.isInt()) {
            int v = n.asInt();
            return v >= 0 && v < SwitchType.values().length ? SwitchType.values()[v] : SwitchType.PRIVATE;
        }
        return switch (n.asText().toLowerCase(Locale.ROOT)) {
            case "external" -> SwitchType.EXTERNAL;
            case "internal" -> SwitchType.INTERNAL;
            default -> SwitchType.PRIVATE;
        };
    }

    static Health health(String json) {
        JsonNode n = object(json);
        return new Health(n.path("HyperV").asInt(0), n.path("Admin").asBoolean(false),
                n.path("HyperVAdmin").asBoolean(false));
    }

    private static List<String> strings(String json) {
        List<String> result = new ArrayList<>();
        for (JsonNode n : array(json)) {
            if (n.isTextual()) {
                result.add(n.asText());
            }
        }
        return result;
    }

    /** A JSON array; a bare value (a script without @(...)) counts as an array of one, empty output as none. */
    private static List<JsonNode> array(String json) {
        String s = json.strip();
        if (s.isEmpty()) {
            return List.of();
        }
        JsonNode n = parse(s);
        List<JsonNode> result = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(result::add);
        } else if (!n.isNull()) {
            result.add(n);
        }
        return result;
    }

    private static JsonNode object(String json) {
        JsonNode n = parse(json.strip());
        if (!n.isObject()) {
            throw unexpected("not a JSON object", json.strip(), null);
        }
        return n;
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw unexpected("not JSON", s, e);
        }
    }

    /** Output a script did not shape as its scripts promise: the driver's failure, with the output to see why. */
    private static JmkException unexpected(String what, String output, Throwable cause) {
        return new JmkException(Reason.DRIVER_FAILED, "PowerShell printed something that is " + what
                + " (see the output above)", null, output, cause);
    }
}
