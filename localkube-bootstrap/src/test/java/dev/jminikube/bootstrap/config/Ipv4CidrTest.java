package dev.jminikube.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {
    @Test
    void splitsIntoNumberedSubnets() {
        Ipv4Cidr pods = Ipv4Cidr.parse("10.244.0.0/16", "pod CIDR");
        assertThat(pods.subnet(24, 0)).map(Ipv4Cidr::text).contains("10.244.0.0/24");
        assertThat(pods.subnet(24, 2)).map(Ipv4Cidr::text).contains("10.244.2.0/24");
        assertThat(pods.subnet(24, 255)).map(Ipv4Cidr::text).contains("10.244.255.0/24");
        assertThat(pods.subnet(24, 256)).as("a /16 holds 256 /24s").isEmpty();
        assertThat(pods.subnet(12, 0)).as("a wider range is no subnet").isEmpty();
        assertThat(Ipv4Cidr.parse("10.0.0.0/8", "x").subnet(9, 1)).map(Ipv4Cidr::text).contains("10.128.0.0/9");
    }

    @Test
    void textIsTheCanonicalForm() {
        assertThat(Ipv4Cidr.parse("192.168.7.9/24", "x").text()).isEqualTo("192.168.7.0/24");
        assertThat(Ipv4Cidr.parse("0.0.0.0/0", "x").text()).isEqualTo("0.0.0.0/0");
    }
}
