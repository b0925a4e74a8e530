package dev.jminikube.drivers.vmware;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what vmrun prints (errors on stdout as "Error: ...", non-zero exit). Pure functions, table-tested. */
final class VmrunOutput {
    /** {@code vmrun} without arguments prints its usage, headed "vmrun version 1.17.0 build-21139696". */
    private static final Pattern VERSION = Pattern.compile("vmrun version (\\d+)\\.(\\d+)\\.(\\d+)");
    /** The oldest vmrun this driver is written against (Workstation 15 / Fusion 11, 2018); older is untested. */
    static final int[] MIN_VERSION = {1, 17, 0};

    record Version(int major, int minor, int patch) implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            return major != o.major ? Integer.compare(major, o.major)
                    : minor != o.minor ? Integer.compare(minor, o.minor) : Integer.compare(patch, o.patch);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    private VmrunOutput() {
    }

    static Optional<Version> version(String usage) {
        Matcher m = VERSION.matcher(usage);
        return m.find() ? Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)))) : Optional.empty();
    }

    static boolean tooOld(Version v) {
        return v.compareTo(new Version(MIN_VERSION[0], MIN_VERSION[1], MIN_VERSION[2])) < 0;
    }

    /**
     * Whether {@code vmx} is among the running VMs {@code vmrun list} printed. Paths compare case-blind on
     * macOS and Windows, whose file systems are, and after normalising (vmrun prints what it was given).
     */
    static boolean listed(String listOutput, Path vmx, boolean caseInsensitive) {
        String wanted = vmx.toAbsolutePath().normalize().toString();
        List<String> lines = listOutput.lines().map(String::strip).filter(l -> !l.isEmpty())
                .filter(l -> !l.startsWith("Total running VMs:")).toList();
        for (String line : lines) {
            String path = Path.of(line).toAbsolutePath().normalize().toString();
            if (caseInsensitive ? path.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT))
                    : path.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The running count from the first line, or -1 when the output is not a list. */
    static int runningCount(String listOutput) {
        Matcher m = Pattern.compile("^Total running VMs: (\\d+)").matcher(listOutput.strip());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * The address getGuestIPAddress printed, if it is a usable IPv4 one: the tools may report an IPv6 address
     * or a link-local 169.254 one while DHCP has not answered yet; those mean "not yet".
     */
    static Optional<String> usableIpv4(String output) {
        String s = output.strip();
        if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.empty();
        }
        try {
            InetAddress a = InetAddress.getByName(s); // a literal: no lookup
            return a instanceof Inet4Address && !a.isLinkLocalAddress() && !a.isLoopbackAddress() && !a.isAnyLocalAddress()
                    ? Optional.of(s) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** vmrun's error line ("Error: The virtual machine is not powered on: ..."), or the first line, for messages. */
    static String error(String output) {
        return output.lines().filter(l -> l.startsWith("Error:")).findFirst()
                .orElse(output.lines().filter(l -> !l.isBlank()).findFirst().orElse("(no output)"));
    }
}
