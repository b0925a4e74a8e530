package dev.jminikube.bootstrap;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import java.util.Locale;

/** --network-plugin: a bridge CNI config (default) or kubelet's kubenet (dockershim only). */
public enum NetworkPlugin {
    CNI, KUBENET;

    public static NetworkPlugin parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "cni", "bridge" -> CNI;
            case "kubenet" -> KUBENET;
            default -> throw new JmkException(Reason.USAGE,
                    "unknown --network-plugin '" + ControlCharacters.escape(text) + "'; choose cni or kubenet");
        };
    }
}
