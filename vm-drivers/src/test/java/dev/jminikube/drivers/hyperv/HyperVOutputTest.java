package dev.jminikube.drivers.hyperv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.hyperv.HyperVOutput.SwitchType;
import dev.jminikube.drivers.hyperv.HyperVOutput.VirtualSwitch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What the Hyper-V scripts print, read back: states, addresses, switches, health. */
class HyperVOutputTest {

    @ParameterizedTest
    @CsvSource({
        "Running,   RUNNING", "Off, STOPPED", "Saved, SUSPENDED", "FastSaved, SUSPENDED", "Starting, RUNNING", "Stopping, RUNNING",
        "Paused, ERROR", "Saving, ERROR", "Resuming, ERROR", "Other, ERROR",
        // ConvertTo-Json's numbers for Microsoft.HyperV.PowerShell.VMState
        "2, RUNNING", "3, STOPPED", "6, SUSPENDED", "9, ERROR", "10, RUNNING", "4, RUNNING", "32773, ERROR", "77, ERROR"})
    void states(String printed, DriverState expected) {
        assertThat(HyperVOutput.driverState(HyperVOutput.stateName(printed + "\r\n"))).isEqualTo(expected);
    }

    @Test
    void numberedStatesHaveTheirNames() {
        assertThat(HyperVOutput.stateName("2")).isEqualTo("Running");
        assertThat(HyperVOutput.stateName("32779")).isEqualTo("FastSaved");
        assertThat(HyperVOutput.stateName("77")).isEqualTo("Unknown(77)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[\"fe80::215:5dff:fe00:107\",\"172.25.84.17\"]              | 172.25.84.17",
        "[\"169.254.12.7\",\"fe80::1\",\"172.25.84.17\",\"10.0.0.3\"] | 172.25.84.17",
        "[\"172.25.84.17\",\"fe80::215:5dff:fe00:107\"]              | 172.25.84.17",
        "\"192.168.1.40\"                                            | 192.168.1.40",
        "[]                                                          | ''",
        "''                                                          | ''",
        "[\"fe80::1\",\"169.254.1.1\"]                               | ''",
        "[\"::1\",\"127.0.0.1\",\"0.0.0.0\"]                         | ''"})
    void firstUsableIpv4SkipsIpv6AndLinkLocal(String json, String expected) {
        assertThat(HyperVOutput.firstUsableIpv4(json)).isEqualTo(expected.isEmpty() ? Optional.empty() : Optional.of(expected));
    }

    @Test
    void switchTypesAsNumbersOrNames() {
        assertThat(HyperVOutput.switches("[{\"Name\":\"Default Switch\",\"SwitchType\":1},{\"Name\":\"LAN\",\"SwitchType\":2},"
                + "{\"Name\":\"iso\",\"SwitchType\":0}]")).containsExactly(new VirtualSwitch("Default Switch", SwitchType.INTERNAL),
                new VirtualSwitch("LAN", SwitchType.EXTERNAL), new VirtualSwitch("iso", SwitchType.PRIVATE));
        assertThat(HyperVOutput.switches("{\"Name\":\"LAN\",\"SwitchType\":\"External\"}"))
                .containsExactly(new VirtualSwitch("LAN", SwitchType.EXTERNAL));
        assertThat(HyperVOutput.switches("[]")).isEmpty();
        assertThatThrownBy(() -> HyperVOutput.switches("Get-VMSwitch : boom"))
                .isInstanceOfSatisfying(dev.jminikube.core.JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(dev.jminikube.core.Reason.DRIVER_FAILED);
                    assertThat(e.details()).isEqualTo("Get-VMSwitch : boom");
                });
    }

    private static final VirtualSwitch DEFAULT = new VirtualSwitch("Default Switch", SwitchType.INTERNAL);
    private static final VirtualSwitch LAN = new VirtualSwitch("LAN", SwitchType.EXTERNAL);
    private static final VirtualSwitch LAB = new VirtualSwitch("lab", SwitchType.INTERNAL);

    @Test
    void switchChoice() {
        assertThat(SwitchChoice.choose(List.of(LAN, DEFAULT), null)).isEqualTo("Default Switch");
        assertThat(SwitchChoice.choose(List.of(LAB, LAN), null)).as("external when there is no Default Switch").isEqualTo("LAN");
        assertThat(SwitchChoice.choose(List.of(DEFAULT, LAB), "LAB")).as("asked for, any case").isEqualTo("lab");
        assertThatThrownBy(() -> SwitchChoice.choose(List.of(DEFAULT), "wifi"))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.getMessage()).contains("\"wifi\"").contains("\"Default Switch\" (internal)");
                    assertThat(e.advice()).contains("--hyperv-virtual-switch").contains("New-VMSwitch");
                });
        assertThatThrownBy(() -> SwitchChoice.choose(List.of(LAB), null))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DRIVER_NOT_HEALTHY);
                    assertThat(e.getMessage()).contains("no usable Hyper-V virtual switch").contains("\"lab\" (internal)");
                    assertThat(e.advice()).contains("New-VMSwitch -Name jminikube");
                });
        assertThatThrownBy(() -> SwitchChoice.choose(List.of(), null)).isInstanceOf(JmkException.class);
    }

    private static PowerShell answering(int exit, String stdout, String stderr) {
        return (script, timeout) -> new CommandResult(List.of("powershell.exe"), exit, stdout, stderr, Duration.ZERO, false);
    }

    @Test
    void health() {
        assertThat(HyperVHealth.check(answering(0, "{\"HyperV\":1,\"Admin\":true,\"HyperVAdmin\":false}\r\n", "")))
                .isEqualTo(DriverHealth.ok());
        assertThat(HyperVHealth.check(answering(0, "{\"HyperV\":1,\"Admin\":false,\"HyperVAdmin\":true}", "")).healthy())
                .as("Hyper-V Administrators may manage VMs without elevation").isTrue();

        DriverHealth disabled = HyperVHealth.check(answering(0, "{\"HyperV\":0,\"Admin\":true,\"HyperVAdmin\":false}", ""));
        assertThat(disabled.installed()).isTrue();
        assertThat(disabled.healthy()).isFalse();
        assertThat(disabled.error()).contains("Hyper-V is not enabled");
        assertThat(disabled.fix()).startsWith("Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All");
        assertThat(disabled.doc()).isEqualTo(HyperVHealth.DOC);

        DriverHealth notAdmin = HyperVHealth.check(answering(0, "{\"HyperV\":1,\"Admin\":false,\"HyperVAdmin\":false}", ""));
        assertThat(notAdmin.healthy()).isFalse();
        assertThat(notAdmin.error()).contains("Administrator").contains("Hyper-V Administrators");
        assertThat(notAdmin.fix()).contains("Add-LocalGroupMember -SID S-1-5-32-578");

        DriverHealth broken = HyperVHealth.check(answering(1, "", "Get-Command : something\r\n"));
        assertThat(broken.healthy()).isFalse();
        assertThat(broken.error()).contains("Get-Command : something");

        DriverHealth missing = new HyperVHealth(env -> Optional.empty()).check((dev.jminikube.core.Environment) null);
        assertThat(missing.installed()).isFalse();
        assertThat(missing.error()).contains("PowerShell");
    }

    @Test
    void singleQuotedStringsDoubleEveryKindOfQuote() {
        assertThat(HyperVScripts.q("C:\\Users\\O'Brien\\.jminikube")).isEqualTo("'C:\\Users\\O''Brien\\.jminikube'");
        assertThat(HyperVScripts.q("a\u2019b $env:x")).isEqualTo("'a\u2019\u2019b $env:x'");
    }

    @Test
    void scriptsTravelEncodedSoPathsNeedNoCommandLineQuoting() {
        RecordingCommandRunner local = new RecordingCommandRunner();
        ProcessPowerShell ps = new ProcessPowerShell(local, Path.of("C:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe"));
        String script = HyperVScripts.dvd("jmk-dev", "C:\\Program Files\\jmk\\node \"1\".iso");
        ps.run(script, Duration.ofSeconds(7));
        RecordingCommandRunner.Run run = local.runs().get(0);
        assertThat(run.argv()).hasSize(5).startsWith(Path.of("C:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe")
                .toString(), "-NoProfile", "-NonInteractive", "-EncodedCommand");
        assertThat(new String(Base64.getDecoder().decode(run.argv().get(4)), StandardCharsets.UTF_16LE)).isEqualTo(script);
        assertThat(run.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(script).startsWith("$ErrorActionPreference = 'Stop'; ")
                .endsWith("Hyper-V\\Set-VMDvdDrive -VMName 'jmk-dev' -Path 'C:\\Program Files\\jmk\\node \"1\".iso'");
    }
}
