package dev.jminikube.drivers.virtualbox;

import dev.jminikube.drivers.PortForward;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What turns a VM's NAT rules into the config's forwards: rule names to delete, then rules to add (a forward
 * whose host port changed is both). The same changes go through {@code modifyvm --natpf1} while the VM is
 * powered off and through {@code controlvm natpf1} while it runs (a saved VM takes neither; see the resume).
 */
record NatChanges(List<String> deletions, List<String> additions) {

    static NatChanges between(List<NatRule> present, List<PortForward> wanted) {
        Set<String> wantedSpecs = new HashSet<>();
        wanted.forEach(p -> wantedSpecs.add(NatRule.of(p).spec()));
        Set<String> kept = new HashSet<>();
        List<String> deletions = new ArrayList<>();
        for (NatRule rule : present) {
            if (wantedSpecs.contains(rule.spec())) {
                kept.add(rule.spec());
            } else {
                deletions.add(rule.name());
            }
        }
        List<String> additions = new ArrayList<>();
        for (PortForward p : wanted) {
            String spec = NatRule.of(p).spec();
            if (!kept.contains(spec)) {
                additions.add(spec);
            }
        }
        return new NatChanges(List.copyOf(deletions), List.copyOf(additions));
    }

    boolean none() {
        return deletions.isEmpty() && additions.isEmpty();
    }
}
