package dev.jminikube.drivers.virtualbox;

import dev.jminikube.core.Environment;
import java.util.Optional;

/** Where the driver gets its VBoxManage: the host's (see {@link LocalVBoxManager#locate}) or a fake in tests. */
@FunctionalInterface
public interface VBoxManagerSource {

    /** The VBoxManage to use in this environment, or empty when VirtualBox is not installed. */
    Optional<VBoxManager> find(Environment environment);
}
