package dev.jminikube.bootstrap.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProblemLinesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "E1128 15:01:47.123456    1234 controller.go:116] loading OpenAPI spec failed",
            "F0102 03:04:05.000000       1 server.go:123] unable to load client CA file",
            "Nov 28 15:01:47.123456 dev kube-apiserver[812]: E1128 15:01:47.123456     812 run.go:74] \"command failed\"",
            "{\"level\":\"error\",\"ts\":\"2026-11-28T15:01:47.123Z\",\"caller\":\"etcdserver/server.go:1\",\"msg\":\"x\"}",
            "{\"level\":\"panic\",\"msg\":\"failed to recover v3 backend\"}",
            "panic: runtime error: invalid memory address or nil pointer dereference",
            "goroutine 1 [running]:",
            "fatal error: concurrent map writes",
            "time=\"2026-11-28T15:01:47Z\" level=error msg=\"failed to load cni\"",
            "jmk-kubelet.service: Failed with result 'exit-code'.",
            "jmk-etcd.service: Main process exited, code=exited, status=1/FAILURE"})
    void problemLines(String line) {
        assertThat(ProblemLines.isProblem(line)).as(line).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I1128 15:01:47.123456    1234 server.go:629] external host was not specified",
            "W1128 15:01:47.123456    1234 genericapiserver.go:425] Skipping API",
            "{\"level\":\"info\",\"msg\":\"ready to serve client requests\"}",
            "{\"level\":\"warn\",\"msg\":\"apply request took too long\"}",
            "time=\"2026-11-28T15:01:47Z\" level=info msg=\"loading plugin\"",
            "Started jmk-kube-apiserver.service.",
            "HE1128 15:01:47 not a klog prefix",
            ""})
    void ordinaryLines(String line) {
        assertThat(ProblemLines.isProblem(line)).as(line).isFalse();
    }

    @Test
    void filterKeepsTheProblemsInOrder() {
        assertThat(ProblemLines.filter(List.of("I0101 00:00:00.0 1 a.go:1] fine", "E0101 00:00:01.0 1 a.go:2] one",
                "W0101 00:00:02.0 1 a.go:3] meh", "panic: two"))).containsExactly("E0101 00:00:01.0 1 a.go:2] one",
                "panic: two");
    }
}
