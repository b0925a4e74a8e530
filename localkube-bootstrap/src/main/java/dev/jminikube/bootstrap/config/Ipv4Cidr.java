package dev.jminikube.bootstrap.config;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 range such as {@code 10.244.0.0/16}: enough to check ranges before any VM work. */
public record Ipv4Cidr(long network, int prefix) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** @param what names the setting in the error, e.g. "pod CIDR" */
    public static Ipv4Cidr parse(String text, String what) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw invalid(text, what);
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw invalid(text, what);
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            throw invalid(text, what);
        }
        return new Ipv4Cidr(address & mask(prefix), prefix);
    }

    public boolean overlaps(Ipv4Cidr other) {
        int shorter = Math.min(prefix, other.prefix);
        return (network & mask(shorter)) == (other.network & mask(shorter));
    }

    /**
     * The {@code n}th (from 0) of the ranges of length {@code newPrefix} this one splits into: 10.244.0.0/16 gives
     * 10.244.2.0/24 for (24, 2). Empty when this range holds fewer than n + 1 of them.
     */
    public java.util.Optional<Ipv4Cidr> subnet(int newPrefix, int n) {
        if (newPrefix < prefix || newPrefix > 32 || n < 0 || (newPrefix - prefix < 31 && n >= 1L << (newPrefix - prefix))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Ipv4Cidr(network + ((long) n << (32 - newPrefix)), newPrefix));
    }

    /** The range as written, e.g. {@code 10.244.2.0/24}. */
    public String text() {
        return (network >> 24 & 255) + "." + (network >> 16 & 255) + "." + (network >> 8 & 255) + "." + (network & 255)
                + "/" + prefix;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static JmkException invalid(String text, String what) {
        return new JmkException(Reason.USAGE, "'" + text + "' is not a valid " + what + " (expected an IPv4 range such as 10.244.0.0/16)");
    }
}
