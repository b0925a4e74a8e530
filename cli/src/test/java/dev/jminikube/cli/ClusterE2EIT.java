package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jminikube.cluster.mount.MountProcess;
import dev.jminikube.drivers.MachinePaths;
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
import java.util.regex.Pattern;
import dev.jminikube.addons.dashboard.HeadlessChromium;
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

    /**
     * Not in CI's run ({@code scripts/test} leaves out the "extended" tag to stay inside CI's time): containerd,
     * the add-ons and DNS are covered there by the v1.37 case and v1.20 by the docker case. {@code scripts/e2e-all}
     * runs it.
     */
    @Test
    @org.junit.jupiter.api.Tag("extended")
    void v1_20_onContainerd_demoWithAddons() throws Exception {
        profile = "e2e-c120";
        start("--kubernetes-version=v1.20.2", "--container-runtime=containerd", "--extra-config=kubelet.max-pods=50");
        nodeIsReadyWithRoles("control-plane", "master");
        assertThat(kubectl("get", "node", node(), "-o", "jsonpath={.status.capacity.pods}").out().strip())
                .as("--extra-config=kubelet.max-pods=50 took effect").isEqualTo("50");
        assertThat(cli.run("logs", "-p", profile, "-n", "5").out()).contains("applied:     kubelet.max-pods=50");
        defaultAddonsRun(); // CoreDNS 1.8.7 here: 1.20 serves EndpointSlices as v1beta1 only
        deployWebserver();
        String url = serviceUrl();
        assertHello(url);
        podsResolveServicesByName();
        imageBuildDeployChangeRebuild();

        // The machine-level verbs on a live cluster (these were the VM-only CLI test's).
        assertThat(cli.run("ssh", "-p", profile, "--", "systemctl", "is-active", "jmk-kubelet").code()).isZero();
        assertThat(cli.run("ssh", "-p", profile, "--", "sh", "-c", "'exit 3'").code()).as("exit code passed through")
                .isEqualTo(3);
        CliHarness.Run status = cli.run("status", "-p", profile, "-o", "json");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("\"Host\":\"Running\"").contains("\"Kubelet\":\"Running\"")
                .contains("\"APIServer\":\"Running\"").contains("\"Kubeconfig\":\"Configured\"");

        deleteRemovesOnlyItsContext();
    }

    /** The blog's cluster: docker with kubenet, and a seed-era --extra-config that the version no longer has. */
    @Test
    void v1_20_onDockerWithKubenet_demo() throws Exception {
        profile = "e2e-d120";
        // Add-ons are the other cases' business; here they would only compete for the emulated CPU.
        start("--kubernetes-version=v1.20.2", "--container-runtime=docker", "--network-plugin=kubenet",
                "--install-addons=false", "--extra-config=kubelet.EnableCRI=true");
        nodeIsReadyWithRoles("control-plane", "master");
        assertThat(kubectl("get", "deployments", "-n", "kube-system", "-o", "name").out())
                .as("--install-addons=false applies no add-on").doesNotContain("coredns");
        deployWebserver();
        assertHello(serviceUrl());
        // kubenet: its bridge cbr0 is in the node, and the pod's IP is from the node's pod CIDR.
        assertThat(cli.run("ssh", "-p", profile, "--", "ip", "link", "show", "cbr0").code()).as("kubenet's bridge")
                .isZero();
        String podCidr = kubectl("get", "node", node(), "-o", "jsonpath={.spec.podCIDR}").out().strip();
        String podIp = kubectl("get", "pods", "-l", "app=webserver", "-o", "jsonpath={.items[0].status.podIP}").out()
                .strip();
        assertThat(inCidr(podIp, podCidr)).as(podIp + " in " + podCidr).isTrue();
        // The blog's greps: 'logs | grep -i docker' names the runtime, 'logs | grep EnableCRI' says what became of it.
        String logs = cli.run("logs", "-p", profile, "-n", "5").out();
        assertThat(logs.lines().filter(l -> l.toLowerCase().contains("docker"))).contains("container runtime:  docker");
        assertThat(logs.lines().filter(l -> l.contains("EnableCRI")).toList()).singleElement().asString()
                .startsWith("ignored:     kubelet.EnableCRI=true  (CRI is always on");
        assertThat(logs).contains("network plugin:     kubenet");
        nodeVerbsOnARealNode();
        imageBuildDeployChangeRebuild();
        dockerClientOnThisHostReachesTheNodeThroughDockerEnv();
        deleteRemovesOnlyItsContext();
    }

    /**
     * Issue 18: two nodes, each a VM, on the node network. A DaemonSet runs a pod on each; a pod on node 1 reaches
     * the worker's pods by IP and by Service name; a NodePort of a pod on the worker answers from this host through
     * node 1's forward; both nodes suspend and resume. Not in CI's run (a second VM costs minutes here);
     * {@code scripts/e2e-all} runs it. Prints the start's time and the worker's memory for README.
     */
    @Test
    @org.junit.jupiter.api.Tag("extended")
    void twoNodes_podsServicesAndNodePortsAcrossNodes() throws Exception {
        profile = "e2e-multi";
        String worker = profile + "-m02";
        long began = System.nanoTime();
        CliHarness.Run started = startRun("--nodes", "2");
        System.out.printf("two-node start: %d s%n", Duration.ofNanos(System.nanoTime() - began).toSeconds());
        assertThat(started.out()).contains("Joining the node network (10.0.3.3/24)")
                .contains("Waiting for node \"" + worker + "\" to be Ready");
        assertThat(cli.run("node", "list", "-p", profile).out()).isEqualTo(profile + "\t10.0.3.2\n" + worker + "\t10.0.3.3\n");
        CliHarness.Run status = cli.run("status", "-p", profile);
        assertThat(status.code()).as(status.out()).isZero();
        assertThat(status.out()).contains(worker + "\ntype: Worker\nhost: Running\nkubelet: Running\n");
        assertThat(cli.run("ssh", "-p", profile, "-n", "m02", "--", "sh", "-c", "'test \"$(hostname)\" = " + worker + "'")
                .code()).as("ssh -n m02 reaches the worker").isZero();
        assertThat(kubectl("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.addresses[0].address} "
                + "{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}").out().strip().lines().sorted().toList())
                .containsExactly(profile + " 10.0.3.2 True", worker + " 10.0.3.3 True");
        Path workerPid = home.resolve("machines").resolve(worker).resolve("qemu.pid");
        String rss = Files.readAllLines(Path.of("/proc", Files.readString(workerPid).strip(), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("VmRSS: ?");
        System.out.println("worker QEMU " + rss);

        Path tar = home.resolve("busybox-httpd.tar");
        TestImages.busyboxHttpd(tar);
        assertThat(cli.run("image", "load", "-p", profile, tar.toString()).code()).as("image load into both nodes").isZero();
        Path daemonSet = home.resolve("echo.yaml");
        Files.writeString(daemonSet, """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: echo}
                spec:
                  selector: {matchLabels: {app: echo}}
                  template:
                    metadata: {labels: {app: echo}}
                    spec:
                      containers: [{name: echo, image: "%s", imagePullPolicy: IfNotPresent}]
                """.formatted(TestImages.BUSYBOX_HTTPD));
        assertThat(kubectl("apply", "-f", daemonSet.toString()).code()).isZero();
        assertThat(kubectl("rollout", "status", "daemonset/echo", "--timeout=300s").code()).as("a pod on each node")
                .isZero();
        Map<String, String> podIpByNode = new HashMap<>();
        kubectl("get", "pods", "-l", "app=echo", "-o", "jsonpath={range .items[*]}{.spec.nodeName} {.status.podIP}"
                + "{\"\\n\"}{end}").out().strip().lines().forEach(l -> podIpByNode.put(l.split(" ")[0], l.split(" ")[1]));
        assertThat(podIpByNode).containsOnlyKeys(profile, worker);
        assertThat(podIpByNode.get(profile)).startsWith("10.244.0.");
        assertThat(podIpByNode.get(worker)).startsWith("10.244.1.");

        // A pod on the worker behind a Service of its own, and a NodePort for it.
        assertThat(kubectl("run", "on-worker", "--image=" + TestImages.BUSYBOX_HTTPD, "--labels=role=on-worker",
                "--overrides={\"spec\":{\"nodeName\":\"" + worker + "\"}}").code()).isZero();
        assertThat(kubectl("wait", "--for=condition=Ready", "pod/on-worker", "--timeout=300s").code()).isZero();
        assertThat(kubectl("expose", "pod", "on-worker", "--port=80").code()).isZero();
        assertThat(kubectl("expose", "pod", "on-worker", "--name=on-worker-np", "--type=NodePort", "--port=80").code())
                .isZero();
        // From node 1: the worker's DaemonSet pod by IP, the worker's pod by Service name (CoreDNS, kube-proxy).
        String fromNode1 = runOnNode("from-node-1", profile, "wget -q -O - http://" + podIpByNode.get(worker)
                + " && wget -q -O - http://on-worker");
        assertThat(fromNode1.split(Pattern.quote(TestImages.HELLO), -1)).as("two answers: " + fromNode1).hasSize(3);
        // And back: from the worker to node 1's pod.
        assertThat(runOnNode("from-worker", worker, "wget -q -O - http://" + podIpByNode.get(profile)))
                .contains(TestImages.HELLO);
        CliHarness.Run url = cli.run("service", "-p", profile, "on-worker-np", "--url");
        assertThat(url.code()).isZero();
        assertHello(url.out().strip(), Duration.ofSeconds(120));

        // stop suspends both (the worker first), start resumes both; the worker's pod answers again.
        CliHarness.Run stop = cli.run("stop", "-p", profile);
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(cli.run("profile", "list", "-o", "json").out()).contains("\"nodes\":2");
        long resumeBegan = System.nanoTime();
        startRun("--nodes", "2");
        System.out.printf("two-node resume: %d s%n", Duration.ofNanos(System.nanoTime() - resumeBegan).toSeconds());
        assertHello(cli.run("service", "-p", profile, "on-worker-np", "--url").out().strip(), Duration.ofSeconds(300));

        assertThat(cli.run("delete", "-p", profile).code()).isZero();
        assertThat(home.resolve("machines").resolve(worker)).doesNotExist();
        profile = null;
    }

    /** Runs {@code script} in a busybox pod on node {@code nodeName} to completion; returns its log. */
    private String runOnNode(String pod, String nodeName, String script) {
        assertThat(kubectl("run", pod, "--image=" + TestImages.BUSYBOX_HTTPD, "--restart=Never",
                "--overrides={\"spec\":{\"nodeName\":\"" + nodeName + "\"}}", "--command", "--", "/bin/sh", "-c", script)
                .code()).as("kubectl run " + pod).isZero();
        String phase = podPhaseOnceFinished(pod, Duration.ofSeconds(180));
        CliHarness.Run log = kubectl("logs", pod);
        if (!phase.equals("Succeeded")) {
            kubectl("describe", "pod", pod);
        }
        assertThat(phase).as(pod + " on " + nodeName + " succeeded; log: " + log.out()).isEqualTo("Succeeded");
        return log.out();
    }

    private static boolean inCidr(String ip, String cidr) throws Exception {
        byte[] address = java.net.InetAddress.getByName(ip).getAddress();
        byte[] network = java.net.InetAddress.getByName(cidr.substring(0, cidr.indexOf('/'))).getAddress();
        int bits = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return address.length == network.length;
    }

    /** Issue 15's verbs on a real node: cp both ways, ssh-key, update-context, logs --file, pause on docker. */
    private void nodeVerbsOnARealNode() throws Exception {
        Path local = home.resolve("greeting.txt");
        Files.writeString(local, "hello from the host\n");
        assertThat(cli.run("cp", "-p", profile, local.toString(), "/tmp/greeting.txt").code()).isZero();
        Path back = home.resolve("back.txt");
        CliHarness.Run cpBack = cli.run("cp", "-p", profile, profile + ":/tmp/greeting.txt", back.toString());
        assertThat(cpBack.code()).as(cpBack.err()).isZero();
        assertThat(Files.readString(back)).isEqualTo("hello from the host\n");

        CliHarness.Run key = cli.run("ssh-key", "-p", profile);
        assertThat(key.code()).isZero();
        assertThat(Path.of(key.out().strip())).isRegularFile();
        assertThat(cli.run("update-context", "-p", profile).out()).contains("is already correct");
        Path report = home.resolve("logs.txt");
        assertThat(cli.run("logs", "-p", profile, "-n", "20", "--file", report.toString()).code()).isZero();
        assertThat(Files.readString(report)).contains("kubelet");

        // docker's pause path (containerd's is the unit tests' and the hand-run of session 8).
        CliHarness.Run pause = cli.run("pause", "-p", profile);
        assertThat(pause.code()).as(pause.out() + pause.err()).isZero();
        CliHarness.Run paused = cli.run("status", "-p", profile);
        assertThat(paused.out()).contains("apiserver: Paused");
        assertThat(paused.code()).isEqualTo(StatusCommand.CLUSTER_NOT_RUNNING);
        CliHarness.Run unpause = cli.run("unpause", "-p", profile);
        assertThat(unpause.code()).as(unpause.out() + unpause.err()).isZero();
        assertThat(cli.run("status", "-p", profile).code()).isZero();
        assertHello(serviceUrl(), Duration.ofSeconds(120));
    }

    @Test
    void current_onContainerd_demoSurvivesARestart() throws Exception {
        // Capitals in the profile name (issue 21): the node, and the guest's hostname, are the name lower-cased.
        profile = "e2e-Current";
        CliHarness.Run first = startRun("--container-runtime=containerd", "--extra-config=kubelet.max-pods=50");
        assertThat(first.out()).as("no node commands at the default verbosity").doesNotContain("    $ ");
        CliHarness.Run justStarted = cli.run("status", "-p", profile);
        assertThat(justStarted.code()).as("status right after start: " + justStarted.out()).isZero();
        nodeIsReadyWithRoles("control-plane");
        assertThat(kubectl("get", "node", node(), "-o", "jsonpath={.status.capacity.pods}").out().strip())
                .isEqualTo("50");
        // ssh runs attached to the terminal (its output is not captured): the guest compares its own hostname.
        assertThat(cli.run("ssh", "-p", profile, "--", "sh", "-c", "'test \"$(hostname)\" = " + node() + "'").code())
                .as("the guest's hostname is its node's name").isZero();
        defaultAddonsRun();
        deployWebserver();
        assertHello(serviceUrl());
        assertThat(cli.run("service", "list", "-p", profile).out()).containsPattern(
                "\\| default +\\| webserver +\\| 80 +\\| http://127\\.0\\.0\\.1:\\d+ +\\|");
        dashboardShowsThePodAndScalesTheDeployment();
        podsResolveServicesByName();
        writeToAClaimThenDeleteThePod();
        // image build on containerd (dockerd in the node builds, the image is handed to containerd) is the extended
        // v1.20 containerd case's; CI builds on the docker case, inside its time.
        hostDirectoryMountedIntoAPod();
        String podsBefore = webserverPods();

        // stop suspends: the VM's memory is saved, and start resumes the same pods, not new ones.
        CliHarness.Run stop = cli.run("stop", "-p", profile);
        assertThat(stop.code()).isZero();
        assertThat(stop.out()).contains("Suspended \"" + profile + "\"");
        assertThat(home.resolve("machines").resolve(profile).resolve("suspend.state")).isNotEmptyFile();
        theStoppedClusterRefusesWhatNeedsItRunning("Suspended");
        CliHarness.Run resize = cli.run("start", "-p", profile, "--cpus", "3");
        assertThat(resize.code()).as("resizing a suspended VM").isEqualTo(69);
        assertThat(resize.err()).contains("GUEST_SUSPENDED").contains("--cpus 3 (it has 2)");
        // The resume also asks for a mount: a background 'jminikube mount' of this JVM's class path, ended by stop.
        Path shared = home.resolve("mounted-src");
        CliHarness.Run resume = startRun("--container-runtime=containerd", "--extra-config=kubelet.max-pods=50",
                "--mount", "--mount-string=" + shared + ":/mnt/e2e-at-start");
        assertThat(resume.out()).contains("Resuming the VM from its saved state").contains("resumed where it was suspended")
                .doesNotContain("Installing Kubernetes").contains("Successfully mounted " + shared + " to /mnt/e2e-at-start");
        assertThat(cli.run("ssh", "-p", profile, "--", "grep", "-q", "second.edit", "/mnt/e2e-at-start/greeting.txt")
                .code()).as("start --mount's directory, read in the node").isZero();
        MachinePaths machinePaths = MachinePaths.of(home.resolve("machines"), profile);
        ProcessHandle mountProcess = MountProcess.recorded(machinePaths).orElseThrow().live().orElseThrow();
        assertThat(webserverPods()).as("the same pods (UIDs, restart counts) after the resume").isEqualTo(podsBefore);
        assertHello(serviceUrl());
        assertThat(resume.out() + resume.err()).as("the resumed guest's clock was set from the host")
                .containsPattern("The guest's clock was -?\\d+ s behind; set from the host");

        // A saved state that was tampered with is discarded: the VM boots cold and its data disk is intact.
        assertThat(cli.run("stop", "-p", profile).code()).isZero();
        assertThat(mountProcess.isAlive()).as("stop ended start --mount's process").isFalse();
        tamperWith(home.resolve("machines").resolve(profile).resolve("suspend.state"));
        CliHarness.Run cold = startRun("--container-runtime=containerd", "--extra-config=kubelet.max-pods=50", "-v", "1");
        assertThat(cold.out() + cold.err()).contains("does not match its checksum").contains("booting cold");
        assertThat(cold.out()).contains("Installing Kubernetes")
                .as("-v 1 shows the commands run in the node").contains("    $ systemctl restart jmk-etcd.service");
        assertThat(kubectl("rollout", "status", "deployment/webserver", "--timeout=300s").code()).isZero();
        // The deployment's status is the one from before the restart: the Service names the old pod's IP until
        // kubelet has the pod running again and reports its new IP.
        assertHello(serviceUrl(), Duration.ofSeconds(300));
        defaultAddonsRun();
        assertThat(runToCompletion("reader", "cat /data/greeting", "data")).as("claim data after pod deletion and a restart")
                .contains("written before the pod was deleted");
        disablingAnAddonRemovesItsObjects();
        clusterInfoListsTheDashboardAddon();
        deleteRemovesOnlyItsContext();
    }

    private void start(String... flags) {
        startRun(flags);
    }

    private CliHarness.Run startRun(String... flags) {
        List<String> args = new ArrayList<>(List.of("start", "-p", profile, "--iso-url", iso.toString(),
                "--memory", "3g", "--disk-size", "8g"));
        args.addAll(List.of(flags));
        CliHarness.Run run = cli.run(args.toArray(String[]::new));
        assertThat(run.code()).as("start exit code").isZero();
        assertThat(run.out()).contains("binaries");
        return run;
    }

    /** The webserver pods as "name uid restarts" lines, sorted: a resume keeps them, a reboot would not. */
    private String webserverPods() {
        CliHarness.Run pods = kubectl("get", "pods", "-l", "app=webserver", "-o",
                "jsonpath={range .items[*]}{.metadata.name} {.metadata.uid} {.status.containerStatuses[0].restartCount}{\"\\n\"}{end}");
        assertThat(pods.code()).isZero();
        List<String> lines = new ArrayList<>(pods.out().strip().lines().toList());
        assertThat(lines).isNotEmpty();
        java.util.Collections.sort(lines);
        return String.join("\n", lines);
    }

    /** Flips one byte in the middle of the file, as a damaged disk or a careless hand would. */
    private static void tamperWith(Path file) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            long middle = f.length() / 2;
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0xff);
        }
    }

    /** The profile's Kubernetes node: its name lower-cased. */
    private String node() {
        return profile.toLowerCase(java.util.Locale.ROOT);
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
        assertThat(nodes.out()).contains(node()).contains(" Ready ");
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
        assertHello(url, Duration.ofSeconds(60));
    }

    /** HTTP 200 with the test page from {@code url}, retried every 2 s for up to {@code patience}. */
    private static void assertHello(String url, Duration patience) throws Exception {
        assertAnswer(url, TestImages.HELLO, patience);
    }

    /** HTTP 200 with a body containing {@code text} from {@code url}, retried every 2 s for up to {@code patience}. */
    private static void assertAnswer(String url, String text, Duration patience) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String last = "no answer";
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains(text)) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(2000);
        }
        fail("no HTTP 200 with \"" + text + "\" from " + url + ": " + last);
    }

    /**
     * Issue 16's mount: a host directory served over 9P and mounted in the node; a pod with a hostPath volume on it
     * reads a file the host then changes, and the first read after the change already has it (cache=none). Ctrl-C's
     * path (the command's interruption) unmounts it in the node.
     */
    private void hostDirectoryMountedIntoAPod() throws Exception {
        // The busybox-httpd image has /bin/busybox and /bin/sh, not a 'cat' on PATH: commands go through busybox.
        Path src = Files.createDirectories(home.resolve("mounted-src"));
        Files.writeString(src.resolve("greeting.txt"), "first edit\n");
        Path pod = home.resolve("mount-reader.yaml");
        Files.writeString(pod, """
                apiVersion: v1
                kind: Pod
                metadata: {name: mount-reader}
                spec:
                  containers:
                  - name: reader
                    image: %s
                    command: ["/bin/sh", "-c", "sleep 3600"]
                    volumeMounts: [{name: src, mountPath: /data}]
                  volumes:
                  - name: src
                    hostPath: {path: /mnt/e2e-src, type: Directory}
                """.formatted(TestImages.BUSYBOX_HTTPD));
        try (CliHarness.Background mount = cli.background("mount", "-p", profile, src + ":/mnt/e2e-src")) {
            mount.awaitLine(Pattern.compile("Successfully mounted"), Duration.ofSeconds(90));
            assertThat(kubectl("apply", "-f", pod.toString()).code()).isZero();
            assertThat(kubectl("wait", "pod/mount-reader", "--for=condition=Ready", "--timeout=180s").code()).isZero();
            assertThat(kubectl("exec", "mount-reader", "--", "/bin/busybox", "cat", "/data/greeting.txt").out()).isEqualTo("first edit\n");

            Files.writeString(src.resolve("greeting.txt"), "second edit\n");
            long written = System.nanoTime();
            CliHarness.Run seen = kubectl("exec", "mount-reader", "--", "/bin/busybox", "cat", "/data/greeting.txt");
            double seconds = (System.nanoTime() - written) / 1e9;
            assertThat(seen.out()).as("the first read after the host's edit").isEqualTo("second edit\n");
            System.out.printf("mount: the host's edit read in the pod %.2f s after it was written (one kubectl exec)%n",
                    seconds);
            // and the other way: what the pod writes lands on the host
            assertThat(kubectl("exec", "mount-reader", "--", "/bin/sh", "-c", "echo from-the-pod > /data/reply.txt").code())
                    .isZero();
            assertThat(src.resolve("reply.txt")).hasContent("from-the-pod");
        }
        assertThat(cli.run("ssh", "-p", profile, "--", "sh", "-c", "'! mountpoint -q /mnt/e2e-src'").code())
                .as("unmounted in the node when the command ended").isZero();
        assertThat(kubectl("delete", "pod", "mount-reader", "--wait=false").code()).isZero();
    }

    /**
     * Issue 16's docker-env: Debian's docker client (the node's own version, extracted from docker.io, no daemon here)
     * with the variables docker-env prints lists the node's containers over the TLS forward; without the client
     * certificate the node's dockerd refuses it.
     */
    private void dockerClientOnThisHostReachesTheNodeThroughDockerEnv() throws Exception {
        Process fetch = new ProcessBuilder("../scripts/lib/debian-docker-client.sh", home.resolve("cache").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String client = new String(fetch.getInputStream().readAllBytes()).strip();
        assertThat(fetch.waitFor()).as("Debian's docker client").isZero();
        CliHarness.Run env = cli.run("docker-env", "-p", profile, "--shell", "bash");
        assertThat(env.code()).as(env.err()).isZero();
        Map<String, String> vars = new HashMap<>();
        for (String line : env.out().lines().filter(l -> l.startsWith("export ")).toList()) {
            String assignment = line.substring("export ".length());
            String value = assignment.substring(assignment.indexOf('=') + 1);
            vars.put(assignment.substring(0, assignment.indexOf('=')),
                    value.startsWith("'") ? value.substring(1, value.length() - 1) : value);
        }
        assertThat(vars.get("DOCKER_HOST")).startsWith("tcp://127.0.0.1:");
        ProcessBuilder ps = new ProcessBuilder(client, "ps", "--format", "{{.Names}}").redirectErrorStream(true);
        ps.environment().putAll(vars);
        Process docker = ps.start();
        String containers = new String(docker.getInputStream().readAllBytes());
        assertThat(docker.waitFor()).as(containers).isZero();
        assertThat(containers).as("the node's containers, seen from this host").contains("k8s_");

        ProcessBuilder noCert = new ProcessBuilder(client, "--tlsverify=false", "ps").redirectErrorStream(true);
        noCert.environment().put("DOCKER_HOST", vars.get("DOCKER_HOST"));
        Process refused = noCert.start();
        String said = new String(refused.getInputStream().readAllBytes());
        assertThat(refused.waitFor()).as("without the client certificate: " + said).isNotZero();

        // The cluster admin's certificate (the cluster CA's) does not open dockerd either: it trusts its own CA only.
        Path adminCerts = Files.createDirectories(home.resolve("admin-as-docker-client"));
        Path pki = home.resolve("machines").resolve(profile).resolve("pki");
        Files.copy(Path.of(vars.get("DOCKER_CERT_PATH")).resolve("ca.pem"), adminCerts.resolve("ca.pem"));
        Files.copy(pki.resolve("clients/admin.crt"), adminCerts.resolve("cert.pem"));
        Files.copy(pki.resolve("clients/admin.key"), adminCerts.resolve("key.pem"));
        ProcessBuilder asAdmin = new ProcessBuilder(client, "ps").redirectErrorStream(true);
        asAdmin.environment().putAll(vars);
        asAdmin.environment().put("DOCKER_CERT_PATH", adminCerts.toString());
        Process admin = asAdmin.start();
        String adminSaid = new String(admin.getInputStream().readAllBytes());
        assertThat(admin.waitFor()).as("with the cluster admin's certificate: " + adminSaid).isNotZero();
    }

    /**
     * Issue 16's inner loop: a Dockerfile FROM an image already in the node (busybox-httpd), built in the node by
     * 'image build', deployed, reached through 'service --url'; the page changed, built again under the same tag,
     * rolled out, the new page served. A failing step is named; image ls lists the image, save writes it, rm
     * removes it and load brings it back from the saved file.
     */
    private void imageBuildDeployChangeRebuild() throws Exception {
        Path app = Files.createDirectories(home.resolve("built-app"));
        Files.writeString(app.resolve("Dockerfile"), "FROM " + TestImages.BUSYBOX_HTTPD + "\nCOPY index.html /www/index.html\n"
                + "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"80\", \"-h\", \"/www\"]\n");
        Files.writeString(app.resolve("index.html"), "built in the node, version 1\n");
        CliHarness.Run build = cli.run("image", "build", "-p", profile, "-t", "e2e-built:dev", app.toString());
        assertThat(build.code()).as(build.out() + build.err()).isZero();
        assertThat(build.out()).contains("Step 2/3 : COPY index.html /www/index.html").contains("Built e2e-built:dev in ");
        assertThat(kubectl("create", "deployment", "built", "--image=e2e-built:dev").code()).isZero();
        assertThat(kubectl("expose", "deployment", "built", "--type=NodePort", "--port=80").code()).isZero();
        assertThat(kubectl("rollout", "status", "deployment/built", "--timeout=300s").code()).isZero();
        CliHarness.Run url = cli.run("service", "-p", profile, "built", "--url");
        assertThat(url.code()).isZero();
        assertAnswer(url.out().strip(), "version 1", Duration.ofSeconds(60));

        Files.writeString(app.resolve("index.html"), "built in the node, version 2\n");
        CliHarness.Run rebuild = cli.run("image", "build", "-p", profile, "-t", "e2e-built:dev", app.toString());
        assertThat(rebuild.code()).as(rebuild.out() + rebuild.err()).isZero();
        assertThat(kubectl("rollout", "restart", "deployment/built").code()).isZero();
        assertThat(kubectl("rollout", "status", "deployment/built", "--timeout=300s").code()).isZero();
        assertAnswer(url.out().strip(), "version 2", Duration.ofSeconds(120));

        Files.writeString(app.resolve("Dockerfile.broken"), "FROM " + TestImages.BUSYBOX_HTTPD + "\nCOPY missing.txt /x\n");
        CliHarness.Run broken = cli.run("image", "build", "-p", profile, "-t", "e2e-broken:1", "-f",
                app.resolve("Dockerfile.broken").toString(), app.toString());
        assertThat(broken.code()).isEqualTo(dev.jminikube.core.Reason.IMAGE_BUILD_FAILED.exitCode());
        assertThat(CliHarness.exitLine(broken)).contains("failed at Step 2/2 : COPY missing.txt /x");

        CliHarness.Run ls = cli.run("image", "ls", "-p", profile, "-o", "json");
        assertThat(ls.code()).isZero();
        assertThat(ls.out()).containsPattern("\"(docker\\.io/library/)?e2e-built:dev\"");
        Path saved = home.resolve("e2e-built.tar");
        assertThat(cli.run("image", "save", "-p", profile, "e2e-built:dev", saved.toString()).code()).isZero();
        assertThat(dev.jminikube.bootstrap.images.ImageTarReader.inspect(saved).repoTags())
                .anySatisfy(t -> assertThat(t).endsWith("e2e-built:dev"));
        assertThat(kubectl("delete", "deployment", "built").code()).isZero();
        // busybox httpd as PID 1 ignores SIGTERM: without this its pods take their whole 30 s grace period to go
        kubectl("delete", "pod", "-l", "app=built", "--grace-period=1", "--wait=false");
        assertThat(kubectl("wait", "--for=delete", "pod", "-l", "app=built", "--timeout=120s").code()).isZero();
        // docker refuses while a stopped container still holds the image; kubelet removes the containers of deleted
        // pods on its next garbage collection (every minute), so rm is tried until then.
        CliHarness.Run rm = cli.run("image", "rm", "-p", profile, "e2e-built:dev");
        for (int i = 0; i < 9 && rm.code() != 0 && rm.err().contains("is using"); i++) {
            Thread.sleep(10_000);
            rm = cli.run("image", "rm", "-p", profile, "e2e-built:dev");
        }
        assertThat(rm.code()).as(rm.out() + rm.err()).isZero();
        assertThat(cli.run("image", "ls", "-p", profile).out()).doesNotContain("e2e-built");
        assertThat(cli.run("image", "load", "-p", profile, saved.toString()).code()).isZero();
        assertThat(cli.run("image", "ls", "-p", profile).out()).contains("e2e-built:dev");
    }

    /** The default add-ons are enabled and their pods become ready (CoreDNS and the provisioner are built here). */
    private void defaultAddonsRun() {
        // Rollout status, not 'wait pod -l': right after start the controller manager may not have made the pods yet,
        // and 'kubectl wait' fails at once when nothing matches.
        for (String deployment : List.of("coredns", "storage-provisioner")) {
            CliHarness.Run ready = kubectl("rollout", "status", "-n", "kube-system", "deployment/" + deployment,
                    "--timeout=300s");
            if (ready.code() != 0) {
                kubectl("describe", "deployment,pods", "-n", "kube-system");
            }
            assertThat(ready.code()).as("deployment " + deployment + " rolled out").isZero();
        }
        CliHarness.Run list = cli.run("addons", "list", "-p", profile);
        assertThat(list.code()).isZero();
        for (String addon : List.of("coredns", "storage-provisioner", "default-storageclass")) {
            assertThat(list.out().lines().filter(l -> l.startsWith(addon + " ") || l.startsWith("| " + addon + " "))
                    .findFirst()).as(addon + " in 'addons list'").hasValueSatisfying(l -> assertThat(l).contains("enabled"));
        }
        // The blog's 'kubectl cluster-info': the control plane and KubeDNS, through this host's forward.
        CliHarness.Run info = kubectl("cluster-info");
        assertThat(info.code()).isZero();
        // kubectl v1.20 colours its cluster-info even into a pipe; v1.37 does not.
        assertThat(info.out().replaceAll("\u001B\\[[;\\d]*m", ""))
                .containsPattern("Kubernetes (control plane|master) is running at https://127\\.0\\.0\\.1:")
                .containsPattern("KubeDNS is running at https://127\\.0\\.0\\.1:\\d+/api/v1/namespaces/kube-system/services/kube-dns:dns");
    }

    /**
     * The host-side dashboard ('jminikube dashboard --url') in headless Chromium: the pod list shows the
     * webserver pod and the page's Scale button scales the deployment. Screenshots: target/e2e-output/.
     */
    private void dashboardShowsThePodAndScalesTheDeployment() throws Exception {
        Path output = Path.of("target", "e2e-output");
        try (CliHarness.Background dashboard = cli.background("dashboard", "-p", profile, "--url");
             HeadlessChromium chromium = HeadlessChromium.launch(home.resolve("chromium"))) {
            String url = dashboard.awaitLine(Pattern.compile("^http://127\\.0\\.0\\.1:\\d+/$"), Duration.ofSeconds(60));
            chromium.navigate(url);
            chromium.waitFor("node " + node() + " Ready", "(() => { const r = document.querySelector('tr[data-node=\"" + node()
                    + "\"]'); return !!r && r.innerText.includes('Ready'); })()", Duration.ofSeconds(60));
            chromium.evaluate("document.querySelector('button[data-tab=pods]').click()");
            chromium.waitFor("a running webserver pod", "[...document.querySelectorAll('tr[data-pod^=\"default/webserver-\"]')]"
                    + ".some(r => r.getAttribute('data-status') === 'Running')", Duration.ofSeconds(60));
            chromium.screenshot(output.resolve("dashboard-pods.png"));
            chromium.evaluate("document.querySelector('button[data-tab=deployments]').click()");
            chromium.waitFor("the scale input", "!!document.querySelector('input[data-scale-input=\"default/webserver\"]')",
                    Duration.ofSeconds(60));
            chromium.evaluate("document.querySelector('input[data-scale-input=\"default/webserver\"]').value = '2';"
                    + "document.querySelector('button[data-scale=\"default/webserver\"]').click()");
            HeadlessChromium.waitUntil("deployment webserver scaled to 2", () -> kubectl("get", "deployment", "webserver", "-o",
                    "jsonpath={.spec.replicas}").out().strip().equals("2"), Duration.ofSeconds(60));
            assertThat(kubectl("rollout", "status", "deployment/webserver", "--timeout=300s").code()).isZero();
            chromium.waitFor("2/2 ready", "(() => { const r = document.querySelector('tr[data-deployment=\"default/webserver\"]');"
                    + " return !!r && r.innerText.includes('2/2'); })()", Duration.ofSeconds(60));
            chromium.screenshot(output.resolve("dashboard-scaled.png"));
        }
        assertThat(output.resolve("dashboard-scaled.png")).isNotEmptyFile();
    }

    /** A pod resolves the API server's service and the webserver service through CoreDNS. */
    private void podsResolveServicesByName() throws Exception {
        assertThat(runToCompletion("dns-fqdn", "nslookup kubernetes.default.svc.cluster.local", null))
                .contains("10.96.0.1");
        // wget resolves the short name through the pod's search path (default.svc.cluster.local).
        assertThat(runToCompletion("dns-short", "wget -q -O - http://webserver", null)).contains(TestImages.HELLO);
    }

    /** A claim on the default StorageClass binds; data a pod wrote stays after the pod is deleted. */
    private void writeToAClaimThenDeleteThePod() throws IOException {
        Path claim = home.resolve("claim.yaml");
        Files.writeString(claim, """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 64Mi}}
                """);
        assertThat(kubectl("apply", "-f", claim.toString()).code()).isZero();
        CliHarness.Run bound = kubectl("wait", "--for=jsonpath={.status.phase}=Bound", "pvc/data", "--timeout=120s");
        if (bound.code() != 0) {
            kubectl("describe", "pvc", "data");
            kubectl("logs", "-n", "kube-system", "-l", "addonmanager.jminikube.dev/name=storage-provisioner", "--tail=30");
        }
        assertThat(bound.code()).as("the claim bound").isZero();
        assertThat(kubectl("get", "pvc", "data", "-o", "jsonpath={.spec.storageClassName}").out()).isEqualTo("standard");
        runToCompletion("writer", "echo written before the pod was deleted > /data/greeting", "data");
        assertThat(runToCompletion("reader", "cat /data/greeting", "data")).contains("written before the pod was deleted");
    }

    private void disablingAnAddonRemovesItsObjects() {
        assertThat(kubectl("get", "storageclass", "standard").code()).isZero();
        assertThat(cli.run("addons", "disable", "default-storageclass", "-p", profile).code()).isZero();
        CliHarness.Run gone = kubectl("get", "storageclass", "standard");
        assertThat(gone.code()).isNotZero();
        assertThat(gone.err()).contains("NotFound");
        CliHarness.Run list = cli.run("addons", "list", "-p", profile);
        assertThat(list.out().lines().filter(l -> l.contains("default-storageclass")).findFirst())
                .hasValueSatisfying(l -> assertThat(l).contains("disabled"));
    }

    /**
     * The blog's 'kubectl cluster-info' lists kubernetes-dashboard once the add-on is enabled. Its images come from
     * Docker Hub, so offline its pod never runs, but cluster-info lists services, and its Service is there.
     */
    private void clusterInfoListsTheDashboardAddon() {
        assertThat(cli.run("addons", "enable", "dashboard", "-p", profile).code()).isZero();
        assertThat(kubectl("cluster-info").out()).containsPattern(
                "kubernetes-dashboard is running at https://127\\.0\\.0\\.1:\\d+/api/v1/namespaces/kube-system/services/kubernetes-dashboard:http/proxy");
        assertThat(cli.run("addons", "disable", "dashboard", "-p", profile).code()).isZero();
        assertThat(kubectl("cluster-info").out()).doesNotContain("kubernetes-dashboard").contains("KubeDNS");
    }

    /**
     * Runs {@code script} in a one-off busybox pod (optionally with the claim {@code claim} at /data), waits for
     * it to finish, returns its log and deletes it.
     */
    private String runToCompletion(String pod, String script, String claim) {
        String overrides = claim == null ? "" : """
                {"spec":{"volumes":[{"name":"d","persistentVolumeClaim":{"claimName":"%s"}}],
                 "containers":[{"name":"%s","image":"%s","command":["/bin/sh","-c",%s],
                 "volumeMounts":[{"name":"d","mountPath":"/data"}]}]}}""".formatted(claim, pod, TestImages.BUSYBOX_HTTPD,
                jsonString(script));
        List<String> args = new ArrayList<>(List.of("run", pod, "--image=" + TestImages.BUSYBOX_HTTPD, "--restart=Never"));
        if (claim != null) {
            args.add("--overrides=" + overrides);
        } else {
            args.addAll(List.of("--command", "--", "/bin/sh", "-c", script));
        }
        assertThat(kubectl(args.toArray(String[]::new)).code()).as("kubectl run " + pod).isZero();
        String phase = podPhaseOnceFinished(pod, Duration.ofSeconds(180));
        CliHarness.Run log = kubectl("logs", pod);
        if (!phase.equals("Succeeded")) {
            kubectl("describe", "pod", pod);
        }
        assertThat(phase).as(pod + " succeeded; log: " + log.out()).isEqualTo("Succeeded");
        assertThat(kubectl("delete", "pod", pod, "--wait=true").code()).isZero();
        return log.out();
    }

    /**
     * Polls the pod's phase until it is Succeeded or Failed or {@code timeout} passes; returns the last phase.
     * Not 'kubectl wait --for=jsonpath=...': the v1.20 kubectl the cluster comes with predates it.
     */
    private String podPhaseOnceFinished(String pod, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String phase = "unknown";
        while (System.nanoTime() < deadline) {
            phase = kubectl("get", "pod", pod, "-o", "jsonpath={.status.phase}").out().strip();
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                return phase;
            }
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return phase;
            }
        }
        return phase;
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** What the verbs say about a stopped or suspended cluster (checked here, where the restart follows anyway). */
    private void theStoppedClusterRefusesWhatNeedsItRunning(String hostState) {
        CliHarness.Run stopped = cli.run("status", "-p", profile);
        assertThat(stopped.code()).isEqualTo(StatusCommand.EXIT_HOST_NOT_RUNNING);
        assertThat(stopped.out()).contains("host: " + hostState);
        assertThat(cli.run("ssh", "-p", profile, "--", "true").code()).isNotZero();
        assertThat(cli.run("service", "-p", profile, "webserver", "--url").code()).as("service on a stopped cluster")
                .isNotZero();
        CliHarness.Run enable = cli.run("addons", "enable", "dashboard", "-p", profile);
        assertThat(enable.code()).as("enabling an add-on on a stopped cluster").isEqualTo(65);
        assertThat(enable.err()).contains("GUEST_NOT_RUNNING").contains("jminikube start -p " + profile);
        assertThat(cli.run("addons", "list", "-p", profile).out()).containsPattern("\\| coredns +\\| enabled +\\| cluster not running");
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
