package dev.jminikube.bootstrap.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.bootstrap.config.ExtraConfigParser;
import org.junit.jupiter.api.Test;

class ExtraConfigCheckTest {
    private static final ExtraOption MAX_PODS = ExtraConfigParser.parseOne("kubelet.max-pods=50");

    /** As {@code systemctl show -p ExecStart jmk-kubelet} prints it. */
    private static String execStart(String args) {
        return "ExecStart={ path=/var/lib/jminikube-node/bin/v1.20.2/kubelet ; argv[]=/var/lib/jminikube-node/bin/"
                + "v1.20.2/kubelet " + args + " ; ignore_errors=no ; start_time=[Sat 2026-11-28 15:01:47 UTC] ; "
                + "stop_time=[n/a] ; pid=812 ; code=(null) ; status=0/0 }";
    }

    @Test
    void flagOnTheCommandLineIsApplied() {
        ExtraConfigCheck.Result r = ExtraConfigCheck.check(MAX_PODS, execStart("--max-pods=50 --foo=bar"));
        assertThat(r.applied()).isTrue();
        assertThat(r.line()).isEqualTo("applied:     kubelet.max-pods=50  (jmk-kubelet)");
    }

    @Test
    void flagLastBeforeTheSemicolonIsApplied() {
        assertThat(ExtraConfigCheck.check(MAX_PODS, execStart("--foo=bar --max-pods=50")).applied()).isTrue();
    }

    @Test
    void absentFlagIsNotApplied() {
        ExtraConfigCheck.Result r = ExtraConfigCheck.check(MAX_PODS, execStart("--foo=bar"));
        assertThat(r.applied()).isFalse();
        assertThat(r.line()).isEqualTo("NOT applied: kubelet.max-pods=50  (jmk-kubelet)");
    }

    @Test
    void anotherValueOrAPrefixIsNotApplied() {
        assertThat(ExtraConfigCheck.check(MAX_PODS, execStart("--max-pods=500")).applied()).isFalse();
        assertThat(ExtraConfigCheck.check(MAX_PODS, execStart("--max-pods=5")).applied()).isFalse();
        assertThat(ExtraConfigCheck.check(MAX_PODS, execStart("--kube-max-pods=50")).applied()).isFalse();
        assertThat(ExtraConfigCheck.check(MAX_PODS, "").applied()).isFalse();
    }
}
