package dev.jminikube.junit5;

import java.security.SecureRandom;
import java.util.Locale;

/** Names of the namespaces test methods get: readable in kubectl (the method's name) and never reused. */
final class TestNamespaces {
    /** A namespace name is a DNS label: at most 63 characters. */
    static final int MAX_LENGTH = 63;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestNamespaces() {
    }

    /** {@code test-<method in lower case>-<5 random characters>}, cut to a valid DNS label. */
    static String forMethod(String methodName) {
        return forMethod(methodName, randomSuffix());
    }

    static String forMethod(String methodName, String suffix) {
        String stem = methodName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String prefix = "test-";
        int room = MAX_LENGTH - prefix.length() - 1 - suffix.length();
        if (stem.length() > room) {
            stem = stem.substring(0, room).replaceAll("-+$", "");
        }
        return prefix + (stem.isEmpty() ? "" : stem + "-") + suffix;
    }

    private static String randomSuffix() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
