package dev.jminikube.bootstrap.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitHealthTest {
    private final RecordingCommandRunner guest = new RecordingCommandRunner();

    private void unit(String name, String active, int restarts, int status) {
        guest.whenRun("systemctl", "show", "-p", "ActiveState,NRestarts,ExecMainStatus", name)
                .thenOutput("ActiveState=" + active + "\nNRestarts=" + restarts + "\nExecMainStatus=" + status + "\n");
    }

    @Test
    void healthyUnitsPassWithoutReadingTheJournal() {
        unit("jmk-etcd", "active", 0, 0);
        unit("jmk-kube-apiserver", "activating", 3, 1);
        assertThatCode(() -> new UnitHealth(guest, List.of("jmk-etcd", "jmk-kube-apiserver")).check())
                .doesNotThrowAnyException();
        assertThat(guest.commandsRun()).containsExactly(
                "systemctl show -p ActiveState,NRestarts,ExecMainStatus jmk-etcd",
                "systemctl show -p ActiveState,NRestarts,ExecMainStatus jmk-kube-apiserver");
    }

    @Test
    void failedUnitIsAComponentFailureWithItsJournal() {
        unit("jmk-etcd", "active", 0, 0);
        unit("jmk-kube-apiserver", "failed", 1, 255);
        guest.whenRun("journalctl").thenOutput("E1128 15:01:47 run.go:74] \"command failed\" err=\"bad flag\"\n"
                + "jmk-kube-apiserver.service: Failed with result 'exit-code'.\n");

        assertThatThrownBy(() -> new UnitHealth(guest, List.of("jmk-etcd", "jmk-kube-apiserver")).check())
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.K8S_COMPONENT_FAILED);
                    assertThat(e.getMessage()).isEqualTo("jmk-kube-apiserver failed (exit status 255)");
                    assertThat(e.details()).startsWith("last 25 lines of jmk-kube-apiserver:\n")
                            .contains("err=\"bad flag\"").contains("Failed with result 'exit-code'");
                });
        assertThat(guest.commandsRun()).contains("journalctl --no-pager -o cat -n 25 -u jmk-kube-apiserver");
    }

    @Test
    void crashLoopIsAFailureEvenWhileActivating() {
        unit("jmk-kubelet", "activating", UnitHealth.MAX_RESTARTS, 1);
        assertThatThrownBy(() -> new UnitHealth(guest, List.of("jmk-kubelet")).check())
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.K8S_COMPONENT_FAILED);
                    assertThat(e.getMessage()).isEqualTo("jmk-kubelet restarted 4 times (exit status 1)");
                });
    }

    @Test
    void noAnswerFromSystemdIsNotTakenForAFailure() {
        guest.whenRun("systemctl").thenReturn(1, "", "Failed to connect to bus");
        assertThatCode(() -> new UnitHealth(guest, List.of("containerd")).check()).doesNotThrowAnyException();
    }

    @Test
    void parsesSystemctlShowOutput() {
        assertThat(UnitHealth.parseProperties("ActiveState=active\nNRestarts=2\n\nExecMainStatus=0\ngarbage\n=x\n"
                + "Environment=A=b C=d\n"))
                .containsExactly(java.util.Map.entry("ActiveState", "active"), java.util.Map.entry("NRestarts", "2"),
                        java.util.Map.entry("ExecMainStatus", "0"), java.util.Map.entry("Environment", "A=b C=d"));
    }
}
