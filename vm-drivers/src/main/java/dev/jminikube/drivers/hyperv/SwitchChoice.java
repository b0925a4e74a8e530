package dev.jminikube.drivers.hyperv;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.hyperv.HyperVOutput.SwitchType;
import dev.jminikube.drivers.hyperv.HyperVOutput.VirtualSwitch;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which virtual switch the VM joins: the one asked for (it must exist), else "Default Switch" (Windows 10
 * 1709 and later: NAT with DHCP, no setup), else the first external switch. Internal and private switches
 * have no DHCP of their own, so the guest would never get an address: they are never chosen by themselves.
 */
final class SwitchChoice {
    static final String DEFAULT_SWITCH = "Default Switch";
    static final String CREATE_ONE = "New-VMSwitch -Name jminikube -NetAdapterName (Get-NetAdapter -Physical | "
            + "Where-Object Status -eq Up | Select-Object -First 1).Name -AllowManagementOS $true";

    private SwitchChoice() {
    }

    static String choose(List<VirtualSwitch> switches, String requested) {
        if (requested != null && !requested.isBlank()) {
            return switches.stream().map(VirtualSwitch::name).filter(n -> n.equalsIgnoreCase(requested)).findFirst()
                    .orElseThrow(() -> new JmkException(Reason.DRIVER_NOT_HEALTHY, "there is no Hyper-V virtual switch named \""
                            + requested + "\"" + (switches.isEmpty() ? "" : "; there are: " + names(switches)),
                            "Choose one of them with --hyperv-virtual-switch, or create it: " + CREATE_ONE, null, null));
        }
        Optional<String> preferred = switches.stream().filter(s -> s.name().equals(DEFAULT_SWITCH))
                .map(VirtualSwitch::name).findFirst()
                .or(() -> switches.stream().filter(s -> s.type() == SwitchType.EXTERNAL).map(VirtualSwitch::name)
                        .findFirst());
        return preferred.orElseThrow(() -> new JmkException(Reason.DRIVER_NOT_HEALTHY,
                "no usable Hyper-V virtual switch: no \"" + DEFAULT_SWITCH + "\" and no external switch"
                        + (switches.isEmpty() ? "" : " (there are only " + names(switches) + ")"),
                "Create an external switch in an elevated PowerShell: " + CREATE_ONE
                        + " -- then start again (or pass --hyperv-virtual-switch NAME).", null, null));
    }

    private static String names(List<VirtualSwitch> switches) {
        return switches.stream().map(s -> "\"" + s.name() + "\" (" + s.type().name().toLowerCase() + ")")
                .collect(Collectors.joining(", "));
    }
}
