package dev.jminikube.cli;

import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.api.ApiServerClient;
import dev.jminikube.bootstrap.pki.ClusterPki;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@code status} reports for a running host with a cluster: whether the kubelet and the API server run,
 * and where the API server was reached. Both are asked at once, and whatever has not answered within the
 * budget counts as not running, so a hung node or a half-open forward cannot make {@code status} hang.
 *
 * @param apiServer empty when even the API server's address could not be found (then kubeconfig cannot be checked)
 */
record ClusterComponents(boolean kubeletRunning, boolean apiServerRunning, Optional<URI> apiServer) {
    /** All of status' questions to a running cluster finish within this (about minikube's own wait, 2 s). */
    static final Duration BUDGET = Duration.ofMillis(2500);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final String KUBELET_UNIT = Component.KUBELET.unitName();

    /**
     * @param apiServer where the API server is (may block: a NAT driver takes the profile lock to look it up)
     * @param pkiDir    the profile's PKI; the admin client certificate authenticates the readiness check
     * @param guest     a runner in the node, opened (and closed) by the kubelet check
     */
    static ClusterComponents probe(Supplier<URI> apiServer, Path pkiDir, Supplier<CommandRunner> guest, Duration budget) {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "status-probe");
            // An abandoned probe (past the budget) must not keep the JVM alive.
            t.setDaemon(true);
            return t;
        });
        try {
            long deadline = System.nanoTime() + budget.toNanos();
            Future<ApiServerAnswer> api = pool.submit(() -> readyz(apiServer, pkiDir));
            Future<Boolean> kubelet = pool.submit(() -> kubeletActive(guest));
            ApiServerAnswer answer = within(api, deadline).orElse(ApiServerAnswer.UNKNOWN);
            boolean kubeletRunning = within(kubelet, deadline).orElse(false);
            return new ClusterComponents(kubeletRunning, answer.ready(), answer.uri());
        } finally {
            pool.shutdownNow();
        }
    }

    private record ApiServerAnswer(boolean ready, Optional<URI> uri) {
        static final ApiServerAnswer UNKNOWN = new ApiServerAnswer(false, Optional.empty());
    }

    /**
     * GET /readyz (what kubectl and minikube use: it answers 200 only once the API server serves). Always with the
     * admin client certificate from the profile's PKI: anonymous /readyz is allowed only from v1.32 on here, and the
     * certificate works for every version, so there is one path instead of two.
     */
    private static ApiServerAnswer readyz(Supplier<URI> apiServer, Path pkiDir) {
        URI uri = apiServer.get();
        try {
            ClusterPki.Credentials admin = ClusterPki.readAdmin(pkiDir);
            ApiServerClient client = new ApiServerClient(uri, admin.caPem(), admin.admin().certificatePem(),
                    admin.admin().privateKeyPem(), CONNECT_TIMEOUT, REQUEST_TIMEOUT);
            ApiServerClient.Response r = client.get("/readyz");
            return new ApiServerAnswer(r.status() == 200, Optional.of(uri));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiServerAnswer(false, Optional.of(uri));
        } catch (Exception e) {
            // Refused, reset, TLS failure, unreadable certificates: in every case the API server does not serve us.
            return new ApiServerAnswer(false, Optional.of(uri));
        }
    }

    /**
     * {@code systemctl is-active} of the kubelet's unit in the node, as minikube asks it. Not the node's Ready
     * condition from the API server: that lags a stopped kubelet by the node-monitor grace period (40 s and more)
     * and says nothing at all while the API server is down.
     */
    private static boolean kubeletActive(Supplier<CommandRunner> guest) throws Exception {
        try (CommandRunner runner = guest.get()) {
            CommandResult r = runner.run(List.of("systemctl", "is-active", KUBELET_UNIT),
                    RunOptions.DEFAULTS.withTimeout(REQUEST_TIMEOUT));
            return r.succeeded() && r.stdout().strip().equals("active");
        }
    }

    /** The task's answer if it comes before {@code deadline}; empty if it fails or is late. */
    private static <T> Optional<T> within(Future<T> task, long deadline) {
        try {
            return Optional.ofNullable(task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            task.cancel(true);
            return Optional.empty();
        }
    }
}
