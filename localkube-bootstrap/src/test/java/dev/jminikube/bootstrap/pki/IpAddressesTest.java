package dev.jminikube.bootstrap.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import org.junit.jupiter.api.Test;

class IpAddressesTest {
    @Test
    void firstAddressOfTheServiceRange() {
        assertThat(IpAddresses.firstAddress("10.96.0.0/12")).isEqualTo("10.96.0.1");
        assertThat(IpAddresses.firstAddress("10.100.5.7/16")).isEqualTo("10.100.0.1");
        assertThat(IpAddresses.firstAddress("192.168.0.0/30")).isEqualTo("192.168.0.1");
        assertThat(IpAddresses.firstAddress("fd00:10:96::/108")).isEqualTo(IpAddresses.canonical("fd00:10:96::1"));
    }

    @Test
    void rangesWithoutRoomOrNotRangesAreRejected() {
        for (String bad : new String[] {"10.96.0.0", "10.96.0.0/32", "10.96.0.0/31", "kubernetes/12", "10.96.0.0/x",
                "999.1.1.1/8"}) {
            assertThatThrownBy(() -> IpAddresses.firstAddress(bad)).as(bad)
                    .isInstanceOfSatisfying(JmkException.class, e -> assertThat(e.reason()).isEqualTo(Reason.USAGE))
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void canonicalFormMakesSpellingsOfOneAddressEqual() {
        assertThat(IpAddresses.canonical("::1")).isEqualTo(IpAddresses.canonical("0:0:0:0:0:0:0:1"));
        assertThat(IpAddresses.isLiteral("example.com")).isFalse();
    }
}
