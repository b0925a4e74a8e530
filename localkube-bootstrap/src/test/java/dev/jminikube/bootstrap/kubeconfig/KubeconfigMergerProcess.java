package dev.jminikube.bootstrap.kubeconfig;

import dev.jminikube.core.JmkException;
import java.nio.file.Path;

/**
 * Another jminikube, as far as the kubeconfig is concerned: a process that merges its own context into
 * a shared kubeconfig and takes it out again, several rounds, and leaves it merged. Started by
 * {@link KubeconfigMergerConcurrencyTest}.
 */
public final class KubeconfigMergerProcess {
    private KubeconfigMergerProcess() {
    }

    /** Arguments: kubeconfig, context name, rounds. Exits 1 with the error when a change fails. */
    public static void main(String[] args) {
        KubeconfigMerger merger = new KubeconfigMerger(Path.of(args[0]));
        String name = args[1];
        int rounds = Integer.parseInt(args[2]);
        try {
            for (int round = 0; round < rounds; round++) {
                merger.merge(TestAccess.named(name, 40000 + round));
                merger.remove(name);
            }
            merger.merge(TestAccess.named(name, 41000));
        } catch (JmkException e) {
            System.out.println(e.reason().id() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
