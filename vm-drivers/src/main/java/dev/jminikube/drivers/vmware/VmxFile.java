package dev.jminikube.drivers.vmware;

import dev.jminikube.drivers.MachineConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The VM's {@code .vmx}: a pure function of the machine config, so the same config always gives the same
 * file (golden-tested). BIOS boot from the node image on IDE 1:0 then the data disk on SCSI 0:0; one NAT
 * NIC (vmnet8, VMware's DHCP) as vmxnet3; the serial console into console.log; no dialogs (nogui start).
 */
final class VmxFile {
    /** Workstation 15 / Fusion 11: the oldest hardware version the supported vmrun (1.17) goes with. */
    static final String HARDWARE_VERSION = "16";

    private VmxFile() {
    }

    static String render(MachineConfig config, String displayName, String diskFileName, String consoleLogPath) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put(".encoding", "UTF-8");
        k.put("config.version", "8");
        k.put("virtualHW.version", HARDWARE_VERSION);
        k.put("displayName", displayName);
        k.put("guestOS", "other5xlinux-64");
        k.put("memsize", Long.toString(config.memoryMb()));
        k.put("numvcpus", Integer.toString(config.cpus()));
        k.put("cpuid.coresPerSocket", "1");
        k.put("firmware", "bios");
        k.put("bios.bootOrder", "cdrom,hdd");
        k.put("pciBridge0.present", "TRUE");
        // vmxnet3 sits behind a PCIe root port; without these it has no slot.
        for (int bridge = 4; bridge <= 7; bridge++) {
            k.put("pciBridge" + bridge + ".present", "TRUE");
            k.put("pciBridge" + bridge + ".virtualDev", "pcieRootPort");
            k.put("pciBridge" + bridge + ".functions", "8");
        }
        k.put("scsi0.present", "TRUE");
        k.put("scsi0.virtualDev", "lsilogic");
        k.put("scsi0:0.present", "TRUE");
        k.put("scsi0:0.fileName", diskFileName);
        k.put("ide1:0.present", "TRUE");
        k.put("ide1:0.deviceType", "cdrom-image");
        k.put("ide1:0.fileName", config.iso().toString());
        k.put("ide1:0.startConnected", "TRUE");
        k.put("ethernet0.present", "TRUE");
        k.put("ethernet0.connectionType", "nat");
        k.put("ethernet0.virtualDev", "vmxnet3");
        k.put("ethernet0.addressType", "generated");
        k.put("ethernet0.startConnected", "TRUE");
        k.put("serial0.present", "TRUE");
        k.put("serial0.fileType", "file");
        k.put("serial0.fileName", consoleLogPath);
        k.put("serial0.tryNoRxLoss", "FALSE");
        k.put("floppy0.present", "FALSE");
        k.put("usb.present", "FALSE");
        k.put("sound.present", "FALSE");
        k.put("tools.syncTime", "TRUE");
        k.put("tools.upgrade.policy", "manual");
        k.put("uuid.action", "create");
        k.put("msg.autoAnswer", "TRUE");
        StringBuilder sb = new StringBuilder();
        k.forEach((key, value) -> sb.append(key).append(" = \"").append(escape(value)).append("\"\n"));
        return sb.toString();
    }

    /** vmx values are double-quoted; VMware writes a quote or a bar inside one as |22 and |7C. */
    static String escape(String value) {
        return value.replace("|", "|7C").replace("\"", "|22");
    }

    /** The value of {@code key} in a .vmx's text ({@code key = "value"}), unescaped; empty when it is not set. */
    static java.util.Optional<String> value(String vmx, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(key)
                + " = \"([^\"]*)\"$").matcher(vmx);
        return m.find() ? java.util.Optional.of(m.group(1).replace("|22", "\"").replace("|7C", "|"))
                : java.util.Optional.empty();
    }

    /** The .vmx text with {@code key} set to {@code value}: its line replaced, or appended when there is none. */
    static String withValue(String vmx, String key, String value) {
        String line = key + " = \"" + escape(value) + "\"";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(key)
                + " = \"[^\"]*\"$").matcher(vmx);
        if (m.find()) {
            return vmx.substring(0, m.start()) + line + vmx.substring(m.end());
        }
        return vmx + (vmx.isEmpty() || vmx.endsWith("\n") ? "" : "\n") + line + "\n";
    }
}
