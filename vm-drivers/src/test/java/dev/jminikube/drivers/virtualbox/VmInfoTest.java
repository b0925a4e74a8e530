package dev.jminikube.drivers.virtualbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.drivers.DriverState;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code showvminfo --machinereadable} as VirtualBox 6.1/7.0 print it (excerpts in the documented format). */
class VmInfoTest {
    /** An excerpt of a running VM: bare numbers, quoted keys, escaped quotes, NAT rules sorted by name. */
    static final String RUNNING = """
            name="jmk-dev"
            Encryption="disabled"
            groups="/"
            ostype="Linux 2.6 / 3.x / 4.x / 5.x (64-bit)"
            UUID="6a3cbd5e-6d3f-3b5c-9d0e-4c1f2b8a7e10"
            CfgFile="/home/u/.jminikube/machines/dev/jmk-dev/jmk-dev.vbox"
            SnapFldr="/home/u/.jminikube/machines/dev/jmk-dev/Snapshots"
            LogFldr="/home/u/.jminikube/machines/dev/jmk-dev/Logs"
            description="a \\"quoted\\" note\\nsecond line"
            memory=2200
            cpus=2
            firmware="BIOS"
            VMState="running"
            VMStateChangeTime="2024-03-01T10:15:30.000000000"
            storagecontrollername0="SATA"
            "SATA-0-0"="/home/u/.jminikube/cache/iso/node.iso"
            "SATA-ImageUUID-0-0"="0b6a5f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b"
            "SATA-1-0"="/home/u/.jminikube/machines/dev/disk.vdi"
            "odd=key"="value"
            natnet1="nat"
            nic1="nat"
            Forwarding(0)="apiserver,tcp,127.0.0.1,40443,,8443"
            Forwarding(1)="nodeport-30080,tcp,127.0.0.1,40901,,30080"
            Forwarding(2)="ssh,tcp,127.0.0.1,40022,,22"
            nic2="none"
            not a key value line
            """;

    @Test
    void valuesAreUnquotedAndUnescaped() {
        VmInfo info = VmInfo.parse(RUNNING);
        assertThat(info.get("name")).hasValue("jmk-dev");
        assertThat(info.get("memory")).hasValue("2200");
        assertThat(info.get("SATA-1-0")).hasValue("/home/u/.jminikube/machines/dev/disk.vdi");
        assertThat(info.get("description")).hasValue("a \"quoted\" note\nsecond line");
        assertThat(info.get("odd=key")).hasValue("value");
        assertThat(info.settingsFile()).hasValue(Path.of("/home/u/.jminikube/machines/dev/jmk-dev/jmk-dev.vbox"));
        assertThat(info.state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void natRulesAreTheForwardingLines() {
        assertThat(VmInfo.parse(RUNNING).natRules()).containsExactly(
                new NatRule("apiserver", "tcp", "127.0.0.1", 40443, "", 8443),
                new NatRule("nodeport-30080", "tcp", "127.0.0.1", 40901, "", 30080),
                new NatRule("ssh", "tcp", "127.0.0.1", 40022, "", 22));
        assertThat(VmInfo.parse("VMState=\"poweroff\"\n").natRules()).isEmpty();
    }

    @Test
    void natRuleSpecRoundTrips() {
        NatRule rule = NatRule.parse("ssh,tcp,127.0.0.1,40022,,22").orElseThrow();
        assertThat(rule.spec()).isEqualTo("ssh,tcp,127.0.0.1,40022,,22");
        assertThat(NatRule.parse("ssh,tcp,127.0.0.1,x,,22")).isEmpty();
        assertThat(NatRule.parse("too,few")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "running, RUNNING",
        "poweroff, STOPPED",
        "aborted, STOPPED",
        "saved, SUSPENDED",
        "teleported, STOPPED",
        "paused, ERROR",
        "stuck, ERROR",
        "starting, ERROR",
        "stopping, ERROR",
        "saving, ERROR",
        "restoring, ERROR",
        "settingup, ERROR",
        "somethingnew, ERROR",
    })
    void vmStatesMapToDriverStates(String vmState, DriverState expected) {
        VmInfo info = VmInfo.parse("name=\"jmk-dev\"\nVMState=\"" + vmState + "\"\n");
        assertThat(info.state().driverState()).isEqualTo(expected);
        assertThat(info.state().hasProcess()).isEqualTo(expected != DriverState.STOPPED && expected != DriverState.SUSPENDED);
        assertThat(info.state().mutable()).as("modifyvm allowed").isEqualTo(expected == DriverState.STOPPED);
    }

    @Test
    void missingStateIsUnknown() {
        assertThat(VmInfo.parse("name=\"x\"\n").state()).isEqualTo(VmState.UNKNOWN);
        assertThat(VmState.UNKNOWN.driverState()).isEqualTo(DriverState.ERROR);
    }
}
