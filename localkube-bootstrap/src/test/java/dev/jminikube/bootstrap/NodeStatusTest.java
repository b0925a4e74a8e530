package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeStatusTest {

    @Test
    void aLeaseRenewedAfterTheResumeCountsAndOneFromBeforeDoesNot() throws Exception {
        java.time.Instant resumed = java.time.Instant.parse("2026-12-03T17:00:00Z");
        assertThat(NodeStatus.renewedSince("{\"spec\":{\"renewTime\":\"2026-12-03T17:00:03.123456Z\"}}", resumed))
                .isEmpty();
        assertThat(NodeStatus.renewedSince("{\"spec\":{\"renewTime\":\"2026-12-03T16:50:00.000000Z\"}}", resumed))
                .hasValueSatisfying(why -> assertThat(why).contains("before the resume"));
        assertThat(NodeStatus.renewedSince("{\"spec\":{}}", resumed)).isPresent();
    }

    @Test
    void readyTrueIsReady() throws Exception {
        assertThat(NodeStatus.readyCondition("""
                {"status":{"conditions":[
                  {"type":"MemoryPressure","status":"False","reason":"KubeletHasSufficientMemory","message":"ok"},
                  {"type":"Ready","status":"True","reason":"KubeletReady","message":"kubelet is posting ready status"}]}}
                """)).isEmpty();
    }

    @Test
    void readyFalseGivesReasonAndMessage() throws Exception {
        assertThat(NodeStatus.readyCondition("""
                {"status":{"conditions":[
                  {"type":"MemoryPressure","status":"False","reason":"KubeletHasSufficientMemory","message":"ok"},
                  {"type":"Ready","status":"False","reason":"KubeletNotReady",
                   "message":"container runtime network not ready: cni config uninitialized"}]}}
                """)).contains("KubeletNotReady: container runtime network not ready: cni config uninitialized");
    }

    @Test
    void unknownReadyIsNotReady() throws Exception {
        assertThat(NodeStatus.readyCondition("""
                {"status":{"conditions":[{"type":"Ready","status":"Unknown","reason":"NodeStatusUnknown",
                  "message":"Kubelet stopped posting node status."}]}}
                """)).contains("NodeStatusUnknown: Kubelet stopped posting node status.");
    }

    @Test
    void noConditionsYet() throws Exception {
        assertThat(NodeStatus.readyCondition("{\"metadata\":{\"name\":\"dev\"},\"status\":{}}"))
                .contains("no Ready condition yet");
        assertThat(NodeStatus.readyCondition("{}")).contains("no Ready condition yet");
    }
}
