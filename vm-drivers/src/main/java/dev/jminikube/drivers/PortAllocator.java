package dev.jminikube.drivers;

import java.util.Set;

/** Chooses host ports for forwards on 127.0.0.1. An interface so tests decide which ports are "taken". */
public interface PortAllocator {

    /** True if nothing listens on 127.0.0.1:{@code port} right now. */
    boolean isFree(int port);

    /** A port that is free now and not in {@code exclude} (ports already promised to this machine). */
    int pickFree(Set<Integer> exclude);
}
