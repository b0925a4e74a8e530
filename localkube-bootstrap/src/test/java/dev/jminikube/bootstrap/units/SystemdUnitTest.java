package dev.jminikube.bootstrap.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A unit file never gets a raw line break (or other control character) from any value, however it got there. */
class SystemdUnitTest {
    private static SystemdUnit unit() {
        return SystemdUnit.describedAs("test").exec("/bin/true", List.of("--a=1"));
    }

    @Test
    void ordinaryValuesRender() {
        assertThat(unit().comment("--extra-config=kubelet.max-pods=50").render())
                .contains("ExecStart=/bin/true \\\n  --a=1\n").contains("# --extra-config=kubelet.max-pods=50\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\u0000", "\t", "\u007f", "\u2028"})
    void aControlCharacterInAnyValueIsRefused(String c) {
        String evil = "x" + c + "ExecStartPre=/bin/sh";
        assertThatThrownBy(() -> SystemdUnit.describedAs("test").exec("/bin/true", List.of("--a=" + evil)).render())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("an ExecStart argument of a unit holds ");
        assertThatThrownBy(() -> unit().comment(evil).render())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("a comment of a unit holds ");
        assertThatThrownBy(() -> SystemdUnit.describedAs(evil).exec("/bin/true", List.of()).render())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Description of a unit holds ");
        assertThatThrownBy(() -> unit().documentation(evil).render()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> unit().after(evil).render()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> unit().requires(evil).render()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> unit().conflicts(evil).render()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> unit().type(evil).render()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SystemdUnit.describedAs("t").exec(evil, List.of()).render())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExtraOptionThatBypassedTheParserStillCannotWriteADirective() {
        // Made directly, as no code path should: the parser refuses this value (ExtraConfigParserTest).
        ExtraOption smuggled = new ExtraOption(Component.KUBELET, "node-labels", "a\nExecStartPre=/bin/sh -c id");
        ClusterConfig config = ClusterConfig.of("minikube", KubernetesVersion.parse("v1.30.0"), ContainerRuntime.CONTAINERD,
                NetworkPlugin.CNI, List.of(smuggled), 50123);
        assertThatThrownBy(() -> LocalkubeFiles.forCluster(config))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds a line feed (\\n)");
    }
}
