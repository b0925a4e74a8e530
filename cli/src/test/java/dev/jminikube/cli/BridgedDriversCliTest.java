package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.bootstrap.Component;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.none.NoneDriver;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hyper-V, VMware and none drivers as the CLI meets them on this (Linux) host, which has none of their tools. */
class BridgedDriversCliTest {
    @TempDir
    Path home;

    private CliHarness.Run run(String... args) {
        return new CliHarness(home, Map.of("PATH", "/usr/bin:/bin"), false).run(args);
    }

    @Test
    void hypervOnLinuxIsUnsupportedAndNamesTheDriversThatAre() {
        CliHarness.Run r = run("start", "--driver=hyperv", "--no-kubernetes");
        assertThat(r.code()).as(r.err()).isEqualTo(Reason.DRIVER_UNSUPPORTED_OS.exitCode()).isEqualTo(56);
        assertThat(r.err()).contains("X Exiting due to DRV_UNSUPPORTED_OS: the hyperv driver does not run on LINUX; "
                + "drivers for this host: qemu, vmware, virtualbox, none");
        assertThat(home.resolve("machines")).doesNotExist();
        assertThat(home.resolve("cache")).as("refused before any download").doesNotExist();
    }

    @Test
    void vmwareWithoutVmrunIsAMissingToolWithTheInstallHint(@TempDir Path emptyBin) {
        // A PATH of an empty directory: the test must not depend on this host having no VMware.
        CliHarness.Run r = new CliHarness(home, Map.of("PATH", emptyBin.toString()), false).run("start", "--driver=vmware");
        assertThat(r.code()).as(r.err()).isEqualTo(Reason.HOST_TOOL_MISSING.exitCode());
        assertThat(r.err()).contains("X Exiting due to HOST_TOOL_MISSING: the vmware driver is not usable: vmrun was not found")
                .contains("Fix: install VMware Workstation for Linux");
        assertThat(home.resolve("cache")).as("refused before any download").doesNotExist();
    }

    @Test
    void sshToANoneMachineSaysThereIsNoNeed() {
        CliHarness.createdMachine(home, "host", "none");
        CliHarness.Run r = run("ssh", "-p", "host");
        assertThat(r.code()).as(r.err()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(r.err()).contains("the none driver runs on this host; no ssh needed");
        CliHarness.Run status = run("status", "-p", "host");
        assertThat(status.out()).contains("host: Running");
    }

    @Test
    void theNoneDriverStopsAndRemovesExactlyTheLocalkubesUnits() {
        assertThat(NoneDriver.UNITS).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Component.values()).map(Component::unitName).toList());
        assertThat(NoneDriver.OWN_DIRECTORIES).contains(dev.jminikube.bootstrap.GuestPaths.KUBERNETES_DIR,
                dev.jminikube.bootstrap.GuestPaths.ETCD_DATA_DIR, dev.jminikube.bootstrap.GuestPaths.KUBELET_DIR,
                "/var/lib/jminikube-node");
        assertThat(dev.jminikube.bootstrap.GuestPaths.BINARIES_ROOT).startsWith("/var/lib/jminikube-node/");
    }
}
