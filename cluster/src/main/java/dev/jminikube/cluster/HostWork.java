package dev.jminikube.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Host-side preparation of a start that runs beside other work: the node image build, the Kubernetes binaries
 * and the add-on images do not depend on each other, and the VM's boot needs only the image, so on a first start
 * the builds overlap one another and the boot instead of following it. Each task runs on a daemon thread of its
 * own (a few long builds, not a pool's worth of small tasks); its failure is rethrown, as itself, where its result
 * is taken.
 */
final class HostWork<T> {
    private final CompletableFuture<T> future;

    private HostWork(CompletableFuture<T> future) {
        this.future = future;
    }

    static <T> HostWork<T> start(String name, Supplier<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(task.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "jminikube-" + name);
        thread.setDaemon(true);
        thread.start();
        return new HostWork<>(future);
    }

    static <T> HostWork<T> done(T value) {
        return new HostWork<>(CompletableFuture.completedFuture(value));
    }

    /** Waits for the result; the task's own exception (a JmkException, say) comes out unwrapped. */
    T join() {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }
}
