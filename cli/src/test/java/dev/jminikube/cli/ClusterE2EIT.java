package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's demo on real clusters: a real QEMU/TCG VM from the node image (-Djminikube.iso) running a
 * real Kubernetes built here. JMINIKUBE_HOME is the test's own, but its cache/ is the shared one
 * (-Djminikube.cache, filled by 'jminikube start --download-only' in scripts/test), so the tests do not
 * rebuild Kubernetes.
 */
class ClusterE2EIT {
    private static final String OTHER_CONTEXT = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: elsewhere
              cluster: {server: 'https://example.invalid:6443'}
            users:
            - name: elsewhere
              user: {token: abc}
            contexts:
            - name: elsewhere
              context: {cluster: elsewhere, user: elsewhere}
            current-context: elsewhere
            """;

    @TempDir
    Path home;

    private CliHarness cli;
    private String profile;
    private Path kubeconfig;
    private Path iso;

    @BeforeEach
    void setUp() throws IOException {
        String isoProp = System.getProperty("jminikube.iso");
        String cacheProp = System.getProperty("jminikube.cache");
        if (isoProp == null || !Files.isRegularFile(Path.of(isoProp)) || cacheProp == null) {
            fail("pass -Djminikube.iso=NODE.iso and -Djminikube.cache=DIR (scripts/test does)");
        }
        iso = Path.of(isoProp);
        Files.createDirectories(Path.of(cacheProp));
        Files.createSymbolicLink(home.resolve("cache"), Path.of(cacheProp).toAbsolutePath());
        kubeconfig = home.resolve("kube").resolve("config");
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, OTHER_CONTEXT);
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("KUBECONFIG", kubeconfig.toString());
        cli = new CliHarness(home, vars, true);
    }

    @AfterEach
    void tearDown() {
        if (profile != null) {
            cli.run("delete", "-p", profile);
        }
    }

    @Test
    void v1_20_onContainerd_demoSurvivesARestart() throws Exception {
        profile = "e2e-c120";
        start("--kubernetes-version=v1.20.2", "--container-runtime=containerd", "--extra-config=kubelet.max-pods=50");
        nodeIsReadyWithRoles("control-plane", "master");
        assertThat(kubectl("get", "node", profile, "-o", "jsonpath={.status.capacity.pods}").out().strip())
                .as("--extra-config=kubelet.max-pods=50 took effect").isEqualTo("50");
        assertThat(cli.run("logs", "-p", profile, "-n", "5").out()).contains("applied:     kubelet.max-pods=50");
        deployWebserver();
        String url = serviceUrl();
        assertHello(url);

        // The machine-level verbs on a live cluster (these were the VM-only CLI test's).
        assertThat(cli.run("ssh", "-p", profile, "--", "systemctl", "is-active", "jmk-kubelet").code()).isZero();
        assertThat(cli.run("ssh", "-p", profile, "--", "sh", "-c", "'exit 3'").code()).as("exit code passed through")
                .isEqualTo(3);
        CliHarness.Run status = cli.run("status", "-p", profile, "-o", "json");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("\"Host\":\"Running\"");

        assertThat(cli.run("stop", "-p", profile).code()).isZero();
        CliHarness.Run stopped = cli.run("status", "-p", profile);
        assertThat(stopped.code()).isEqualTo(StatusCommand.EXIT_HOST_NOT_RUNNING);
        assertThat(cli.run("ssh", "-p", profile, "--", "true").code()).isNotZero();
        assertThat(cli.run("service", "-p", profile, "webserver", "--url").code()).as("service on a stopped cluster")
                .isNotZero();
        start("--kubernetes-version=v1.20.2", "--container-runtime=containerd", "--extra-config=kubelet.max-pods=50");
        assertThat(kubectl("rollout", "status", "deployment/webserver", "--timeout=300s").code())
                .as("the deployment survived stop/start").isZero();
        assertHello(serviceUrl());

        deleteRemovesOnlyItsContext();
    }

    @Test
    void v1_20_onDocker_demo() throws Exception {
        profile = "e2e-d120";
        start("--kubernetes-version=v1.20.2", "--container-runtime=docker");
        nodeIsReadyWithRoles("control-plane", "master");
        deployWebserver();
        assertHello(serviceUrl());
        deleteRemovesOnlyItsContext();
    }

    @Test
    void current_onContainerd_demoSurvivesARestart() throws Exception {
        profile = "e2e-current";
        start("--container-runtime=containerd", "--extra-config=kubelet.max-pods=50");
        nodeIsReadyWithRoles("control-plane");
        assertThat(kubectl("get", "node", profile, "-o", "jsonpath={.status.capacity.pods}").out().strip())
                .isEqualTo("50");
        deployWebserver();
        assertHello(serviceUrl());
        assertThat(cli.run("stop", "-p", profile).code()).isZero();
        start("--container-runtime=containerd", "--extra-config=kubelet.max-pods=50");
        assertThat(kubectl("rollout", "status", "deployment/webserver", "--timeout=300s").code()).isZero();
        assertHello(serviceUrl());
        deleteRemovesOnlyItsContext();
    }

    private void start(String... flags) {
        List<String> args = new ArrayList<>(List.of("start", "-p", profile, "--iso-url", iso.toString(),
                "--memory", "3g", "--disk-size", "8g"));
        args.addAll(List.of(flags));
        CliHarness.Run run = cli.run(args.toArray(String[]::new));
        assertThat(run.code()).as("start exit code").isZero();
        assertThat(run.out()).contains("binaries");
    }

    private CliHarness.Run kubectl(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(new String[]{"kubectl", "-p", profile, "--"}, 0, all, 0, 4);
        System.arraycopy(args, 0, all, 4, args.length);
        return cli.run(all);
    }

    private void nodeIsReadyWithRoles(String... roles) {
        CliHarness.Run nodes = kubectl("get", "nodes", "--no-headers");
        assertThat(nodes.code()).isZero();
        assertThat(nodes.out()).contains(profile).contains(" Ready ");
        for (String role : roles) {
            assertThat(nodes.out()).contains(role);
        }
    }

    private void deployWebserver() throws IOException {
        Path tar = home.resolve("busybox-httpd.tar");
        TestImages.busyboxHttpd(tar);
        assertThat(cli.run("image", "load", "-p", profile, tar.toString()).code()).isZero();
        assertThat(kubectl("create", "deployment", "webserver", "--image=" + TestImages.BUSYBOX_HTTPD).code()).isZero();
        assertThat(kubectl("expose", "deployment", "webserver", "--type=NodePort", "--port=80").code()).isZero();
        CliHarness.Run rollout = kubectl("rollout", "status", "deployment/webserver", "--timeout=300s");
        if (rollout.code() != 0) {
            // Leave the evidence in the test log: why the pod did not start.
            kubectl("describe", "pods");
            cli.run("logs", "-p", profile, "--problems", "-n", "30");
        }
        assertThat(rollout.code()).as("webserver rolled out").isZero();
    }

    private String serviceUrl() {
        CliHarness.Run run = cli.run("service", "-p", profile, "webserver", "--url");
        assertThat(run.code()).isZero();
        String url = run.out().strip();
        assertThat(url).startsWith("http://127.0.0.1:");
        return url;
    }

    private static void assertHello(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String last = "no answer";
        for (int i = 0; i < 30; i++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains(TestImages.HELLO)) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(2000);
        }
        fail("no HTTP 200 from " + url + ": " + last);
    }

    private void deleteRemovesOnlyItsContext() throws IOException {
        assertThat(Files.readString(kubeconfig)).contains("name: " + profile).contains("elsewhere");
        assertThat(cli.run("delete", "-p", profile).code()).isZero();
        String after = Files.readString(kubeconfig);
        assertThat(after).doesNotContain("name: " + profile).contains("name: elsewhere")
                .contains("https://example.invalid:6443");
        assertThat(home.resolve("machines").resolve(profile)).doesNotExist();
        assertThat(cli.run("status", "-p", profile).code()).isEqualTo(StatusCommand.EXIT_NONEXISTENT);
        assertThat(cli.run("delete", "-p", profile).code()).as("deleting twice is fine").isZero();
        profile = null;
    }
}
