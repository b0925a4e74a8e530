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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What {@code status} reports for a running host with a cluster: whether the kubelet and the API server run,
 * and where the API server was reached. Whatever has not answered within the budget counts as not running, so
 * a hung node or a half-open forward cannot make {@code status} hang.
 *
 * <p>The kubelet is asked through the API server first (its node proxy to the kubelet's {@code /healthz}, one
 * more request on the connection {@code /readyz} opened) and over SSH only when that does not say "ok": a new
 * SSH handshake with an emulated guest that is busy (a cluster that just started) took longer than the whole
 * budget, so status called a running kubelet Stopped.
 *
 * @param apiServer empty when even the API server's address could not be found (then kubeconfig cannot be checked)
 */
record ClusterComponents(boolean kubeletRunning, boolean apiServerRunning, Optional<URI> apiServer) {
    /**
     * All of status' questions to a running cluster finish within this. Only a hung node or forward costs it all: a
     * stopped component refuses at once. It was 2.5 s, and in CI a running cluster's /readyz right after start (an
     * emulated guest still busy, a CI machine busier still) did not answer in time, so status said Stopped.
     */
    static final Duration BUDGET = Duration.ofSeconds(8);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final String KUBELET_UNIT = Component.KUBELET.unitName();

    /**
     * @param apiServer where the API server is (may block: a NAT driver takes the profile lock to look it up)
     * @param pkiDir    the profile's PKI; the admin client certificate authenticates the readiness check
     * @param nodeName  the cluster's node, whose kubelet the API server proxies to
     * @param guest     a runner in the node, opened (and closed) by the kubelet check when the API server cannot say
     */
    static ClusterComponents probe(Supplier<URI> apiServer, Path pkiDir, String nodeName, Supplier<CommandRunner> guest,
                                   Duration budget) {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "status-probe");
            // An abandoned probe (past the budget) must not keep the JVM alive.
            t.setDaemon(true);
            return t;
        });
        try {
            long deadline = System.nanoTime() + budget.toNanos();
            // Where the API server is, known even if it does not answer in time: kubeconfig is checked against it.
            AtomicReference<URI> located = new AtomicReference<>();
            Future<ApiServerAnswer> api = pool.submit(() -> readyz(() -> {
                URI uri = apiServer.get();
                located.set(uri);
                return uri;
            }, pkiDir, nodeName));
            // SSH only if the API server has not vouched for the kubelet within half the budget (a hung forward
            // must not leave SSH no time at all).
            Optional<ApiServerAnswer> early = within(api, deadline - budget.toNanos() / 2, false);
            if (early.isPresent() && early.get().kubeletHealthy()) {
                return new ClusterComponents(true, early.get().ready(), early.get().uri());
            }
            Future<Boolean> kubelet = pool.submit(() -> kubeletActive(guest));
            ApiServerAnswer answer = early.or(() -> within(api, deadline, true))
                    .orElseGet(() -> new ApiServerAnswer(false, Optional.ofNullable(located.get()), false));
            boolean kubeletRunning = answer.kubeletHealthy() || within(kubelet, deadline, true).orElse(false);
            return new ClusterComponents(kubeletRunning, answer.ready(), answer.uri());
        } finally {
            pool.shutdownNow();
        }
    }

    /** @param kubeletHealthy the kubelet's /healthz said "ok" through the API server's node proxy */
    private record ApiServerAnswer(boolean ready, Optional<URI> uri, boolean kubeletHealthy) {
    }

    /**
     * GET /readyz (what kubectl and minikube use: it answers 200 only once the API server serves). Always with the
     * admin client certificate from the profile's PKI: anonymous /readyz is allowed only from v1.32 on here, and the
     * certificate works for every version, so there is one path instead of two. When it is ready, the kubelet's
     * /healthz through the node proxy (the admin user may use it; any answer but 200 "ok" leaves the kubelet to SSH).
     */
    private static ApiServerAnswer readyz(Supplier<URI> apiServer, Path pkiDir, String nodeName) {
        URI uri = apiServer.get();
        try {
            ClusterPki.Credentials admin = ClusterPki.readAdmin(pkiDir);
            ApiServerClient client = new ApiServerClient(uri, admin.caPem(), admin.client().certificatePem(),
                    admin.client().privateKeyPem(), CONNECT_TIMEOUT, REQUEST_TIMEOUT);
            if (client.get("/readyz").status() != 200) {
                return new ApiServerAnswer(false, Optional.of(uri), false);
            }
            return new ApiServerAnswer(true, Optional.of(uri), kubeletHealthy(client, nodeName));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiServerAnswer(false, Optional.of(uri), false);
        } catch (Exception e) {
            // Refused, reset, TLS failure, unreadable certificates: in every case the API server does not serve us.
            return new ApiServerAnswer(false, Optional.of(uri), false);
        }
    }

    private static boolean kubeletHealthy(ApiServerClient client, String nodeName) throws InterruptedException {
        try {
            ApiServerClient.Response r = client.get("/api/v1/nodes/" + nodeName + "/proxy/healthz");
            return r.status() == 200 && r.body().strip().equals("ok");
        } catch (java.io.IOException e) {
            return false;
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

    /** The task's answer if it comes before {@code deadline}; empty if it fails or is late (then cancelled if asked). */
    private static <T> Optional<T> within(Future<T> task, long deadline, boolean cancelIfLate) {
        try {
            return Optional.ofNullable(task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.util.concurrent.TimeoutException e) {
            if (cancelIfLate) {
                task.cancel(true);
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
