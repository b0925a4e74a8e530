package dev.jminikube.drivers.hyperv;

/**
 * The PowerShell the Hyper-V driver runs, one script per cmdlet. Cmdlets are module-qualified
 * ({@code Hyper-V\Get-VM}) because VMware PowerCLI also defines Get-VM. What a script prints is fixed
 * here, so the parsers know its shape: JSON from {@code ConvertTo-Json -Compress}, arrays forced with
 * {@code -InputObject @(...)} (a single element would otherwise print as a bare value), and enum states
 * printed with {@code .ToString()} (ConvertTo-Json writes enums as their numbers).
 */
final class HyperVScripts {
    /** Errors end the script with exit 1; no progress records (powershell.exe would print them as CLIXML on stderr). */
    static final String PREAMBLE = "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; ";
    /** The well-known SID of the local "Hyper-V Administrators" group (its name is localised). */
    static final String HYPERV_ADMINISTRATORS_SID = "S-1-5-32-578";

    private HyperVScripts() {
    }

    /** {"HyperV":N,"Admin":bool,"HyperVAdmin":bool}: whether the module's Get-VM exists, and our rights. */
    static String health() {
        return PREAMBLE + "$p = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent(); "
                + "[pscustomobject]@{ HyperV = @(Get-Command Hyper-V\\Get-VM -ErrorAction SilentlyContinue).Count; "
                + "Admin = $p.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator); "
                + "HyperVAdmin = $p.IsInRole([Security.Principal.SecurityIdentifier]::new('" + HYPERV_ADMINISTRATORS_SID
                + "')) } | ConvertTo-Json -Compress";
    }

    /** The VM's state name (Running, Off, Saved...) on one line. */
    static String state(String vm) {
        return PREAMBLE + "(Hyper-V\\Get-VM -Name " + q(vm) + ").State.ToString()";
    }

    /** A JSON array of the addresses the guest's KVP daemon reports on its adapters (may be empty). */
    static String ipAddresses(String vm) {
        return PREAMBLE + "ConvertTo-Json -Compress -InputObject @(Hyper-V\\Get-VMNetworkAdapter -VMName " + q(vm)
                + " | ForEach-Object { $_.IPAddresses })";
    }

    /** A JSON array of {"Name":..., "SwitchType":N} (0 Private, 1 Internal, 2 External). */
    static String switches() {
        return PREAMBLE + "ConvertTo-Json -Compress -InputObject @(Hyper-V\\Get-VMSwitch | Select-Object Name, SwitchType)";
    }

    static String convertToDynamic(String fixedVhd, String dynamicVhd) {
        return PREAMBLE + "Hyper-V\\Convert-VHD -Path " + q(fixedVhd) + " -DestinationPath " + q(dynamicVhd)
                + " -VHDType Dynamic -DeleteSource";
    }

    static String resize(String vhd, long megabytes) {
        return PREAMBLE + "Hyper-V\\Resize-VHD -Path " + q(vhd) + " -SizeBytes " + megabytes + "MB";
    }

    static String newVm(String vm, String dir, String virtualSwitch, long memoryMb) {
        return PREAMBLE + "Hyper-V\\New-VM -Name " + q(vm) + " -Path " + q(dir) + " -SwitchName " + q(virtualSwitch)
                + " -MemoryStartupBytes " + memoryMb + "MB | Out-Null";
    }

    /** Fixed memory: the node's kubelet sizes itself by what it sees at boot. */
    static String fixedMemory(String vm) {
        return PREAMBLE + "Hyper-V\\Set-VMMemory -VMName " + q(vm) + " -DynamicMemoryEnabled $false";
    }

    static String processors(String vm, int count) {
        return PREAMBLE + "Hyper-V\\Set-VMProcessor -VMName " + q(vm) + " -Count " + count;
    }

    /** A generation 1 VM has a DVD drive on IDE 1:0 already; it gets the node image. */
    static String dvd(String vm, String iso) {
        return PREAMBLE + "Hyper-V\\Set-VMDvdDrive -VMName " + q(vm) + " -Path " + q(iso);
    }

    static String addDisk(String vm, String vhd) {
        return PREAMBLE + "Hyper-V\\Add-VMHardDiskDrive -VMName " + q(vm) + " -Path " + q(vhd);
    }

    static String start(String vm) {
        return PREAMBLE + "Hyper-V\\Start-VM -Name " + q(vm);
    }

    /** Asks the guest to shut down (the hv_utils shutdown service) and waits until it is off. */
    static String stop(String vm) {
        return PREAMBLE + "Hyper-V\\Stop-VM -Name " + q(vm);
    }

    /** Pulls the plug. */
    static String turnOff(String vm) {
        return PREAMBLE + "Hyper-V\\Stop-VM -Name " + q(vm) + " -TurnOff";
    }

    /** Saves the guest's memory and devices to the VM's .vmrs and ends it: the VM is Saved; Start-VM resumes it. */
    static String save(String vm) {
        return PREAMBLE + "Hyper-V\\Save-VM -Name " + q(vm);
    }

    /** Deletes a Saved VM's state: the VM is Off and boots cold. */
    static String removeSavedState(String vm) {
        return PREAMBLE + "Hyper-V\\Remove-VMSavedState -VMName " + q(vm);
    }

    /** Removes the VM's configuration; its disks and directory stay (the driver deletes those). */
    static String remove(String vm) {
        return PREAMBLE + "Hyper-V\\Remove-VM -Name " + q(vm) + " -Force";
    }

    /**
     * A PowerShell single-quoted string: nothing inside is expanded; a quote is doubled. PowerShell also
     * takes the typographic single quotes (U+2018..U+201B) as quotes, so they are doubled too.
     */
    static String q(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c == '\'' || (c >= '\u2018' && c <= '\u201B')) {
                sb.append(c);
            }
            sb.append(c);
        }
        return sb.append('\'').toString();
    }
}
