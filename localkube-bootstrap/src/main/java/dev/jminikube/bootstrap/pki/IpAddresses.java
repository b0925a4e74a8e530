package dev.jminikube.bootstrap.pki;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.bouncycastle.util.IPAddress;

/** IP literals and ranges, without ever resolving a name. */
final class IpAddresses {
    private IpAddresses() {
    }

    static boolean isLiteral(String text) {
        return text != null && IPAddress.isValid(text);
    }

    /** The canonical text of an IP literal, so {@code ::1} and {@code 0:0:0:0:0:0:0:1} compare equal. */
    static String canonical(String literal) {
        return parse(literal, literal).getHostAddress();
    }

    /**
     * The first usable address of a range such as {@code 10.96.0.0/12}: the network address plus one.
     * The API server gives it to the in-cluster {@code kubernetes} service, so its certificate must name it.
     */
    static String firstAddress(String cidr) {
        String[] parts = cidr == null ? new String[0] : cidr.trim().split("/", -1);
        if (parts.length != 2 || !isLiteral(parts[0]) || !parts[1].matches("\\d{1,3}")) {
            throw invalidCidr(cidr);
        }
        byte[] address = parse(parts[0], cidr).getAddress();
        int bits = address.length * 8;
        int prefix = Integer.parseInt(parts[1]);
        if (prefix > bits - 2) {
            // A /31 or /32 (/127, /128) has no room for a service.
            throw invalidCidr(cidr);
        }
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger network = new BigInteger(1, address).andNot(hostMask);
        return toAddress(network.add(BigInteger.ONE), address.length, cidr).getHostAddress();
    }

    private static InetAddress toAddress(BigInteger value, int length, String source) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, fixed, length - copy, copy);
        try {
            return InetAddress.getByAddress(fixed);
        } catch (UnknownHostException e) {
            throw invalidCidr(source);
        }
    }

    private static InetAddress parse(String literal, String source) {
        if (!isLiteral(literal)) {
            throw new JmkException(Reason.USAGE, "'" + source + "' is not an IP address");
        }
        try {
            // A literal never triggers a lookup.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new JmkException(Reason.USAGE, "'" + source + "' is not an IP address", e);
        }
    }

    private static JmkException invalidCidr(String cidr) {
        return new JmkException(Reason.USAGE,
                "service CIDR '" + cidr + "' is not an IP range with room for services (e.g. 10.96.0.0/12)");
    }
}
