package dev.jminikube.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtraConfigParserTest {
    @Test
    void splitsComponentKeyAndValue() {
        assertThat(ExtraConfigParser.parse(List.of("kubelet.max-pods=50", "controller-manager.leader-elect=true",
                "proxy.v=4", "etcd.quota-backend-bytes=8589934592", "scheduler.v=2", "apiserver.v=1")))
                .containsExactly(new ExtraOption(Component.KUBELET, "max-pods", "50"),
                        new ExtraOption(Component.CONTROLLER_MANAGER, "leader-elect", "true"),
                        new ExtraOption(Component.PROXY, "v", "4"),
                        new ExtraOption(Component.ETCD, "quota-backend-bytes", "8589934592"),
                        new ExtraOption(Component.SCHEDULER, "v", "2"),
                        new ExtraOption(Component.APISERVER, "v", "1"));
    }

    @Test
    void valueKeepsEqualsCommasAndDots() {
        assertThat(ExtraConfigParser.parseOne("apiserver.feature-gates=A=true,B=false"))
                .isEqualTo(new ExtraOption(Component.APISERVER, "feature-gates", "A=true,B=false"));
        assertThat(ExtraConfigParser.parseOne("kubelet.eviction-hard=memory.available<100Mi,nodefs.available<5%"))
                .isEqualTo(new ExtraOption(Component.KUBELET, "eviction-hard", "memory.available<100Mi,nodefs.available<5%"));
    }

    @Test
    void emptyValueIsAllowed() {
        assertThat(ExtraConfigParser.parseOne("kubelet.resolv-conf=").value()).isEmpty();
    }

    @Test
    void seedEraCamelCaseKeyParses() {
        assertThat(ExtraConfigParser.parseOne("kubelet.EnableCRI=true"))
                .isEqualTo(new ExtraOption(Component.KUBELET, "EnableCRI", "true"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubelet", "kubelet.max-pods", "max-pods=50", "kubelet.=50", ".max-pods=5", "kubelet=foo.bar", ""})
    void malformedValuesFailWithTheValueAndTheComponents(String bad) {
        assertThatThrownBy(() -> ExtraConfigParser.parseOne(bad))
                .isInstanceOf(JmkException.class)
                .satisfies(e -> assertThat(((JmkException) e).reason()).isEqualTo(Reason.EXTRA_CONFIG_INVALID))
                .hasMessageStartingWith("--extra-config='" + bad + "': ")
                .hasMessageEndingWith("components are etcd, apiserver, controller-manager, scheduler, kubelet, proxy")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unknownComponentIsNamed() {
        assertThatThrownBy(() -> ExtraConfigParser.parseOne("kubeadm.pod-network-cidr=10.244.0.0/16"))
                .isInstanceOf(JmkException.class)
                .hasMessage("--extra-config='kubeadm.pod-network-cidr=10.244.0.0/16': unknown component 'kubeadm'; "
                        + "components are etcd, apiserver, controller-manager, scheduler, kubelet, proxy");
    }

    @Test
    void emptyKeyIsNamed() {
        assertThatThrownBy(() -> ExtraConfigParser.parseOne("kubelet.=50")).hasMessageContaining("the key is empty");
    }

    @Test
    void dashedKeyIsRefusedWithAHint() {
        assertThatThrownBy(() -> ExtraConfigParser.parseOne("kubelet.--max-pods=50"))
                .hasMessageContaining("'--max-pods' is not a flag name (write it without leading dashes, e.g. max-pods)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubelet.node-labels=a\nExecStartPre=/bin/sh -c id", "kubelet.node-labels=a\r\nb",
            "kubelet.node-labels=a\u0000b", "kubelet.node-labels=a\tb", "kubelet.node-labels=a\u007f",
            "kubelet.node-labels=a\u001b[2J", "kubelet.node-labels=a\u0085b", "kubelet.node-labels=a\u2028b",
            "kubelet.node-labels=a\n", "\nkubelet.node-labels=a"})
    void controlCharactersAreRefusedNamingTheKeyBeforeTheyReachAUnitFile(String text) {
        assertThatThrownBy(() -> ExtraConfigParser.parseOne(text))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.EXTRA_CONFIG_INVALID);
                    assertThat(e.advice()).startsWith("Write each --extra-config on one line");
                })
                .hasMessageContaining(": kubelet.node-labels holds ")
                .hasMessageContaining("would end the flag's line in the unit file")
                // The message itself stays one line: the value is shown escaped.
                .satisfies(e -> assertThat(e.getMessage()).matches("[^\\p{Cntrl}\u2028]*"));
    }

    @Test
    void aLineFeedIsShownEscaped() {
        assertThatThrownBy(() -> ExtraConfigParser.parseOne("kubelet.node-labels=a\nb"))
                .hasMessageStartingWith("--extra-config='kubelet.node-labels=a\\nb': kubelet.node-labels holds a line feed (\\n)");
    }

    @Test
    void nullListIsEmpty() {
        assertThat(ExtraConfigParser.parse(null)).isEmpty();
    }
}
