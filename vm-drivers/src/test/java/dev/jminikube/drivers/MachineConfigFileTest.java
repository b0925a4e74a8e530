package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTrips() throws Exception {
        MachineConfig config = new MachineConfig("dev", "qemu", 2, 2200, 20000, Path.of("/isos/node.iso"),
                List.of(new PortForward("ssh", 40022, 22), new PortForward("apiserver", 40443, 8443),
                        PortForward.nodePort(41080, 30080)), "tcg", true);
        Path file = dir.resolve("machines/dev/config.yaml");
        MachineConfigFile.write(file, config);
        assertThat(MachineConfigFile.read(file)).contains(config);
        String yaml = Files.readString(file);
        assertThat(yaml).contains("profile: \"dev\"", "memoryMb: 2200", "accel: \"tcg\"", "hostPort: 40022");
        assertThat(Files.list(file.getParent())).containsExactly(file); // no temporary file left behind
    }

    @Test
    void missingFileIsEmptyAndUnknownKeysAreTolerated() throws Exception {
        assertThat(MachineConfigFile.read(dir.resolve("nope.yaml"))).isEmpty();
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "profile: p\ndriver: qemu\ncpus: 1\nfutureField: x\n");
        MachineConfig c = MachineConfigFile.read(file).orElseThrow();
        assertThat(c.ports()).isEmpty();
        assertThat(c.created()).isFalse();
        assertThat(c.cpus()).isEqualTo(1);
    }

    @Test
    void withPortReplacesByName() {
        MachineConfig c = new MachineConfig("p", "qemu", 1, 2000, 3000, Path.of("/i"), List.of(), null, false)
                .withPort(new PortForward("ssh", 1000, 22)).withPort(new PortForward("ssh", 2000, 22));
        assertThat(c.ports()).containsExactly(new PortForward("ssh", 2000, 22));
        assertThat(c.port("ssh")).map(PortForward::hostPort).contains(2000);
    }

    private JmkException damaged(String content) throws Exception {
        Path file = dir.resolve("machines/dev/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        JmkException e = catchThrowableOfType(JmkException.class, () -> MachineConfigFile.read(file));
        assertThat(e).as("reading %s", content).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.STATE_FILE_CORRUPT);
        assertThat(e.getMessage()).startsWith(file + " is damaged: ").doesNotContain("\n");
        assertThat(e.advice()).startsWith("Fix " + file).contains("'jminikube delete -p dev', which removes the VM even so");
        return e;
    }

    @Test
    void notYamlIsADamagedFile() throws Exception {
        assertThat(damaged("profile: dev\ndriver: qemu\n\tcpus: [2\n").getMessage()).contains("it is not valid YAML at line");
        assertThat(damaged("{\"profile\": \"dev\"").getMessage()).contains("line 1");
    }

    @Test
    void emptyOrTruncatedIsADamagedFile() throws Exception {
        assertThat(damaged("").getMessage()).endsWith("it is empty");
        assertThat(damaged("profile: \"dev\"\n").getMessage()).endsWith("the required field 'driver' is missing");
        assertThat(damaged("profile: \"dev\"\ndriver: \"qemu\"\ncpus: 2\nports:\n- name: \"ssh\"\n  hostPo").getMessage())
                .contains("line");
    }

    @Test
    void aWrongTypeIsAnErrorNotADefault() throws Exception {
        assertThat(damaged("profile: dev\ndriver: qemu\ncreated: \"yes\"\n").getMessage())
                .contains("field 'created' at line 3").contains("expected true or false");
        assertThat(damaged("profile: dev\ndriver: qemu\ncpus: two\n").getMessage())
                .contains("field 'cpus' at line 3").contains("expected a whole number");
        assertThat(damaged("profile: dev\ndriver: qemu\nports:\n- name: ssh\n  hostPort: 70000\n  guestPort: 22\n")
                .getMessage()).contains("host port out of range: 70000");
        assertThat(damaged("- profile: dev\n").getMessage()).contains("found a list");
    }
}
