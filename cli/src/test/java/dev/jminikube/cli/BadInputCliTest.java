package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Reason;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input is refused in a second, before any VM, node image or Kubernetes binary work: each case
 * checks the exit code, one "X Exiting due to" line, and that no machine directory was created.
 */
class BadInputCliTest {
    @TempDir
    Path home;

    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin"), false);
    }

    @AfterEach
    void nothingWasCreated() {
        assertThat(home.resolve("machines")).doesNotExist();
        assertThat(home.resolve("cache")).doesNotExist();
    }

    /** Runs, then checks the exit code and that the failure is printed once, on one line, with advice. */
    private CliHarness.Run fails(Reason reason, String... args) {
        CliHarness.Run r = cli.run(args);
        assertThat(r.code()).as("exit code of %s; stderr:%n%s", String.join(" ", args), r.err())
                .isEqualTo(reason.exitCode());
        assertThat(r.err().split("Exiting due to", -1)).as(r.err()).hasSize(2);
        assertThat(r.err()).contains("X Exiting due to " + reason.id() + ": ").contains("* Advice: ");
        return r;
    }

    static Stream<Arguments> outputFlags() {
        return Stream.of(
                Arguments.of(new String[] {"status"}, "text or json", "json"),
                Arguments.of(new String[] {"version"}, "text, json or yaml", "yaml"),
                Arguments.of(new String[] {"profile", "list"}, "table or json", "json"),
                Arguments.of(new String[] {"config", "view"}, "text or json", "json"),
                Arguments.of(new String[] {"addons", "list"}, "table or json", "json"),
                Arguments.of(new String[] {"service", "list"}, "table or json", "json"),
                Arguments.of(new String[] {"get-k8s-versions"}, "text or json", "json"));
    }

    /** The advice of an unsupported -o names the command as typed, jminikube first, so it can be pasted. */
    @ParameterizedTest
    @MethodSource("outputFlags")
    void anUnsupportedOutputNamesTheFormatsAndTheWholeCommand(String[] verb, String choices, String example) {
        String[] args = Stream.concat(Stream.of(verb), Stream.of("-o", "xml")).toArray(String[]::new);
        CliHarness.Run r = fails(Reason.USAGE, args);
        assertThat(CliHarness.exitLine(r)).isEqualTo("X Exiting due to MK_USAGE: --output must be " + choices + ", not xml");
        assertThat(r.err()).contains("* Advice: Use one of those, e.g. 'jminikube " + String.join(" ", verb) + " -o "
                + example + "'.");
    }

    /** An empty directory to use as PATH, so a test does not depend on what this host has installed. */
    @TempDir
    Path emptyBin;


    private static String lineAfterExitLine(CliHarness.Run r) {
        return r.err().lines().dropWhile(l -> !l.startsWith("X Exiting due to")).skip(1).findFirst().orElse("");
    }

    @Test
    void bananaIsNotAKubernetesVersion() {
        CliHarness.Run r = fails(Reason.K8S_VERSION_INVALID, "start", "--kubernetes-version=banana");
        assertThat(Reason.K8S_VERSION_INVALID.exitCode()).isEqualTo(84);
        assertThat(CliHarness.exitLine(r)).contains("'banana' is not a Kubernetes version");
        assertThat(lineAfterExitLine(r)).startsWith("* Advice: ");
    }

    @Test
    void versionOutsideTheRangeIsUnsupported() {
        CliHarness.Run r = fails(Reason.K8S_VERSION_UNSUPPORTED, "start", "--kubernetes-version=v1.12.0");
        assertThat(r.code()).isEqualTo(86);
        assertThat(CliHarness.exitLine(r)).contains("v1.12.0").contains("supported range");
    }

    @Test
    void rktIsUnsupportedAndContainerdIsNamed() {
        CliHarness.Run r = fails(Reason.RUNTIME_UNSUPPORTED, "start", "--container-runtime=rkt");
        assertThat(r.code()).isEqualTo(76);
        assertThat(CliHarness.exitLine(r)).contains("rkt").contains("containerd");
    }

    @Test
    void dockerWithAVersionWithoutDockershimIsUnsupported() {
        CliHarness.Run r = fails(Reason.RUNTIME_UNSUPPORTED, "start", "--container-runtime=docker",
                "--kubernetes-version=v1.28.0");
        assertThat(CliHarness.exitLine(r)).contains("dockershim").contains("v1.28.0");
        assertThat(r.err()).contains("* Advice: Use --container-runtime=containerd");
    }

    @Test
    void extraConfigForAnUnknownComponent() {
        CliHarness.Run r = fails(Reason.EXTRA_CONFIG_INVALID, "start", "--extra-config=kubeadm.foo=1");
        assertThat(r.code()).isEqualTo(84);
        assertThat(CliHarness.exitLine(r)).contains("kubeadm.foo=1").contains("unknown component 'kubeadm'");
    }

    @Test
    void extraConfigWithoutComponentAndKey() {
        CliHarness.Run r = fails(Reason.EXTRA_CONFIG_INVALID, "start", "--extra-config=nodot");
        assertThat(CliHarness.exitLine(r)).contains("'nodot'").contains("component.key=value");
    }

    @Test
    void unknownNetworkPluginIsAUsageError() {
        CliHarness.Run r = fails(Reason.USAGE, "start", "--network-plugin=flannel");
        assertThat(r.code()).isEqualTo(14);
        assertThat(CliHarness.exitLine(r)).contains("flannel");
    }

    @Test
    void kubectlWithoutCachedBinariesSaysHowToGetThem() {
        CliHarness.Run r = fails(Reason.K8S_BINARIES_UNAVAILABLE, "kubectl", "-p", "nothere", "--", "get", "pods");
        assertThat(r.code()).isEqualTo(85);
        assertThat(CliHarness.exitLine(r)).contains("no kubectl");
        assertThat(r.err()).contains("* Advice: Run 'jminikube start -p nothere'");
    }

    @Test
    void serviceOfAMissingProfileNamesIt() {
        CliHarness.Run r = fails(Reason.GUEST_NOT_FOUND, "service", "-p", "nothere", "web");
        assertThat(CliHarness.exitLine(r)).contains("\"nothere\"");
        assertThat(lineAfterExitLine(r)).startsWith("* Advice: ");
    }

    @Test
    void imageLoadOfAMissingFileIsAnImageFileError() {
        CliHarness.Run r = fails(Reason.IMAGE_FILE_INVALID, "image", "load", "-p", "x", "/nonexistent.tar");
        assertThat(r.code()).isEqualTo(74);
        assertThat(CliHarness.exitLine(r)).contains("/nonexistent.tar");
    }

    @Test
    void imageBuildChecksItsNameArgumentsAndContextBeforeLookingForTheCluster() throws java.io.IOException {
        CliHarness.Run noTag = fails(Reason.USAGE, "image", "build", "-p", "x", home.toString());
        assertThat(CliHarness.exitLine(noTag)).contains("needs -t NAME[:TAG]");
        CliHarness.Run badTag = fails(Reason.IMAGE_NAME_INVALID, "image", "build", "-p", "x", "-t", "My-App:1", home.toString());
        assertThat(CliHarness.exitLine(badTag)).contains("\"My-App\" must be lower-case");
        CliHarness.Run badArg = fails(Reason.USAGE, "image", "build", "-p", "x", "-t", "app:1", "--build-arg", "1=2",
                home.toString());
        assertThat(CliHarness.exitLine(badArg)).contains("--build-arg 1=2 is not KEY=VALUE");
        CliHarness.Run noDir = fails(Reason.BUILD_CONTEXT_INVALID, "image", "build", "-p", "x", "-t", "app:1", "/nonexistent");
        assertThat(CliHarness.exitLine(noDir)).contains("build context /nonexistent is not a directory");
        CliHarness.Run noDockerfile = fails(Reason.BUILD_CONTEXT_INVALID, "image", "build", "-p", "x", "-t", "app:1",
                home.toString());
        assertThat(CliHarness.exitLine(noDockerfile)).contains("no Dockerfile at " + home.resolve("Dockerfile"));
        java.nio.file.Files.writeString(home.resolve("Dockerfile"), "FROM scratch\n");
        CliHarness.Run noCluster = fails(Reason.GUEST_NOT_FOUND, "image", "build", "-p", "x", "-t", "app:1", home.toString());
        assertThat(CliHarness.exitLine(noCluster)).contains("profile \"x\" has no Kubernetes cluster");
    }

    @Test
    void imageRmSaveAndLoadByNameRefuseBadNamesAndAMissingHostTool() throws java.io.IOException {
        fails(Reason.IMAGE_NAME_INVALID, "image", "rm", "-p", "x", "ok:1", "Not/Ok");
        fails(Reason.IMAGE_NAME_INVALID, "image", "save", "-p", "x", "app:", home.resolve("app.tar").toString());
        // No docker or podman on this PATH (an empty directory): the name cannot come from anywhere.
        java.nio.file.Path emptyBin = java.nio.file.Files.createDirectories(home.resolve("empty-bin"));
        CliHarness.Run r = CliHarness.run(new CliHarness(home, Map.of("PATH", emptyBin.toString()), false).environment(),
                ClusterReach.LIVE, "image", "load", "-p", "x", "my-app:1");
        assertThat(r.code()).isEqualTo(Reason.HOST_TOOL_MISSING.exitCode());
        assertThat(CliHarness.exitLine(r)).contains("no docker or podman on this host's PATH to take the image my-app:1 from");
        assertThat(r.err()).contains("'-' to read one from stdin");
        java.nio.file.Files.delete(emptyBin);
    }

    @Test
    void mountRefusesAMissingOrUnreadableHostDirectoryAndANodePathItMustNotHide() throws java.io.IOException {
        CliHarness.Run missing = fails(Reason.MOUNT_DIR_INVALID, "mount", "-p", "x", "/nonexistent/src:/src");
        assertThat(CliHarness.exitLine(missing)).contains("host directory /nonexistent/src does not exist");
        java.nio.file.Path file = java.nio.file.Files.writeString(home.resolve("a-file"), "x");
        assertThat(CliHarness.exitLine(fails(Reason.MOUNT_DIR_INVALID, "mount", "-p", "x", file + ":/src")))
                .contains("(it is a file)");
        assertThat(CliHarness.exitLine(fails(Reason.MOUNT_DIR_INVALID, "mount", "-p", "x", home + ":src")))
                .contains("node path src must be absolute");
        assertThat(CliHarness.exitLine(fails(Reason.MOUNT_DIR_INVALID, "mount", "-p", "x", home + ":/etc/")))
                .contains("mounting over /etc would hide or change the node's own files");
        assertThat(CliHarness.exitLine(fails(Reason.MOUNT_DIR_INVALID, "mount", "-p", "x", home + "://etc/kubernetes/./manifests")))
                .as("a subdirectory of a system tree, however written").contains("mounting over /etc/kubernetes/manifests");
        assertThat(CliHarness.exitLine(fails(Reason.MOUNT_DIR_INVALID, "mount", "-p", "x", "no-colon")))
                .contains("is not HOST_DIR:NODE_DIR");
        java.nio.file.Files.delete(file);
        // A good spec gets as far as the machine, which does not exist.
        fails(Reason.GUEST_NOT_FOUND, "mount", "-p", "x", home + ":/src");
    }

    /** start --mount checks its directory before anything starts: a typo costs a second, not a boot. */
    @Test
    void startWithAMountOfAMissingDirectoryStopsBeforeTheMachine() {
        CliHarness.Run missing = fails(Reason.MOUNT_DIR_INVALID, "start", "-p", "x", "--mount",
                "--mount-string=/nonexistent/src:/src");
        assertThat(CliHarness.exitLine(missing)).contains("host directory /nonexistent/src does not exist");
        assertThat(CliHarness.exitLine(fails(Reason.MOUNT_DIR_INVALID, "start", "-p", "x", "--mount",
                "--mount-string=" + home + ":/var/lib/kubelet/pods"))).contains("mounting over /var/lib/kubelet/pods");
    }

    @Test
    void logsLengthMustBePositive() {
        CliHarness.Run r = fails(Reason.USAGE, "logs", "--length", "0");
        assertThat(CliHarness.exitLine(r)).contains("--length");
    }

    @Test
    void virtualBoxThatIsNotInstalledIsSaidAtOnceWithTheInstallCommand() {
        // No --iso-url: reaching the image build would create the cache directory, which the check after each
        // test forbids, so this also proves the driver is checked first.
        // A PATH of an empty directory: the test must not depend on this host having no VirtualBox.
        cli = new CliHarness(home, Map.of("PATH", emptyBin.toString()), false);
        CliHarness.Run r = fails(Reason.HOST_TOOL_MISSING, "start", "--driver=virtualbox", "--no-kubernetes");
        assertThat(r.code()).isEqualTo(35);
        assertThat(CliHarness.exitLine(r)).isEqualTo("X Exiting due to HOST_TOOL_MISSING: the virtualbox driver is not usable: "
                + "VBoxManage was not found on the PATH");
        assertThat(lineAfterExitLine(r)).startsWith("* Advice: Fix: sudo apt-get install virtualbox (Ubuntu)");
    }

    @Test
    void getK8sVersionsPrintsTheSupportedRangeWithoutNeedingTheNetwork() {
        // An unroutable proxy: the command must still answer (with a warning), never hang or fail.
        CliHarness offline = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin", "GOPROXY", "http://127.0.0.1:9"),
                false);
        CliHarness.Run r = offline.run("get-k8s-versions");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Supported: v1.20.0 to v1.37.x; default v1.37.2.")
                .containsPattern("(?m)^  v1\\.20\\.2 +buildable offline: Debian source package");
        assertThat(r.err()).contains("Go module proxy not reachable");
    }

    @Test
    void unknownAddonOnStartListsTheValidOnesBeforeAnythingSlow() {
        CliHarness.Run r = fails(Reason.ADDON_UNKNOWN, "start", "--addons=dashboard,ingress-dns");
        assertThat(r.code()).isEqualTo(94);
        assertThat(CliHarness.exitLine(r)).contains("\"ingress-dns\"")
                .contains("coredns, storage-provisioner, default-storageclass, dashboard");
    }

    @Test
    void addonsWithoutKubernetesIsAUsageError() {
        CliHarness.Run r = fails(Reason.USAGE, "start", "--no-kubernetes", "--addons=dashboard");
        assertThat(CliHarness.exitLine(r)).contains("--addons").contains("--no-kubernetes");
    }

    @Test
    void addonsWithInstallAddonsFalseIsAUsageError() {
        CliHarness.Run r = fails(Reason.USAGE, "start", "--install-addons=false", "--addons=dashboard");
        assertThat(CliHarness.exitLine(r)).contains("--addons").contains("--install-addons=false");
    }

    @Test
    void unknownAddonIsRefusedBeforeTheClusterIsLookedFor() {
        for (String verb : java.util.List.of("enable", "disable", "open")) {
            CliHarness.Run r = fails(Reason.ADDON_UNKNOWN, "addons", verb, "-p", "nothere", "registry-creds");
            assertThat(CliHarness.exitLine(r)).contains("\"registry-creds\"").contains("valid add-ons are: coredns");
        }
    }

    @Test
    void enablingAnAddonWithoutAClusterSaysHowToStartOne() {
        CliHarness.Run r = fails(Reason.GUEST_NOT_FOUND, "addons", "enable", "-p", "nothere", "dashboard");
        assertThat(CliHarness.exitLine(r)).contains("\"nothere\" has no Kubernetes cluster");
        assertThat(r.err()).contains("* Advice: Create it with 'jminikube start -p nothere'.");
    }

    @Test
    void openingAnAddonWithoutAWebUiNamesTheOnesWithOne() {
        CliHarness.Run r = fails(Reason.USAGE, "addons", "open", "-p", "nothere", "coredns");
        assertThat(CliHarness.exitLine(r)).contains("no web UI").contains("dashboard");
    }

    @Test
    void serviceWithoutANameSaysToGiveOneOrList() {
        CliHarness.Run r = fails(Reason.USAGE, "service", "-p", "nothere");
        assertThat(CliHarness.exitLine(r)).contains("'jminikube service list'");
    }

    @Test
    void addonsListOfAMissingProfileShowsTheDefaultsWithoutACluster() {
        CliHarness.Run r = cli.run("addons", "list", "-p", "nothere");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("\\| coredns +\\| enabled +\\| cluster not running +\\| jminikube.local/coredns:v1.15.0 \\(built here\\)")
                .containsPattern("\\| dashboard +\\| disabled +\\|")
                .contains("docker.io/kubernetesui/dashboard:v2.7.0 (pulled)");
    }

    /**
     * Every value jminikube parses, given something it cannot use: what the user sees is one line naming the flag
     * and the value, advice naming the flag with a valid example, the reason's exit code, and no stack trace.
     *
     * @param message a part of the "X Exiting due to" line
     * @param advice  a part of the advice line
     */
    static Stream<Arguments> badValues() {
        return Stream.of(
                bad(Reason.RESOURCE_MEMORY, "--memory '99999999999999999999' is too large", "--memory=4g",
                        "start", "--memory=99999999999999999999"),
                bad(Reason.RESOURCE_MEMORY, "--memory '9999999999999999g' is too large", "--memory=4g",
                        "start", "--memory=9999999999999999g"),
                bad(Reason.RESOURCE_MEMORY, "--memory '4x' is not a size", "--memory=4g", "start", "--memory=4x"),
                bad(Reason.RESOURCE_DISK_SIZE, "--disk-size '99999999999999999999' is too large", "--disk-size=20g",
                        "start", "--disk-size=99999999999999999999"),
                bad(Reason.RESOURCE_DISK_SIZE, "--disk-size '-20g' is not a size", "--disk-size=20g",
                        "start", "--disk-size=-20g"),
                bad(Reason.USAGE, "--cpus '99999999999' is out of range", "--cpus=2", "start", "--cpus=99999999999"),
                bad(Reason.USAGE, "--cpus 'two' is not a whole number", "--cpus=2", "start", "--cpus=two"),
                bad(Reason.USAGE, "--install-addons 'maybe' is not true or false", "--install-addons=false",
                        "start", "--install-addons=maybe"),
                bad(Reason.K8S_VERSION_INVALID, "--kubernetes-version 'v1.20.99999999999' is not a Kubernetes version",
                        "--kubernetes-version=v1.20.2", "start", "--kubernetes-version=v1.20.99999999999"),
                bad(Reason.K8S_VERSION_INVALID, "--kubernetes-version 'v1.x.0' is not a Kubernetes version",
                        "--kubernetes-version=v1.20.2", "start", "--kubernetes-version=v1.x.0"),
                bad(Reason.USAGE, "--iso-url 'file://host/x.iso' names the host 'host'", "--iso-url=file:///",
                        "start", "--iso-url=file://host/x.iso"),
                bad(Reason.USAGE, "--iso-url 'file:relative.iso' is not an absolute file URL", "--iso-url=file:///",
                        "start", "--iso-url=file:relative.iso"),
                bad(Reason.USAGE, "--iso-url 'file:///tmp/x%zz.iso' is not a valid URL: malformed escape pair",
                        "--iso-url=file:///", "start", "--iso-url=file:///tmp/x%zz.iso"),
                bad(Reason.USAGE, "--binary-mirror 'file:relative' is not an absolute file URL",
                        "--binary-mirror=https://", "start", "--binary-mirror=file:relative"),
                bad(Reason.USAGE, "--binary-mirror 'https:///nohost' has no valid host name",
                        "--binary-mirror=https://", "start", "--binary-mirror=https:///nohost"),
                bad(Reason.USAGE, "--binary-mirror 'https://mirror.example/%zz' is not a valid URL: malformed escape",
                        "--binary-mirror=https://", "start", "--binary-mirror=https://mirror.example/%zz"),
                bad(Reason.USAGE, "--binary-mirror 'http://mirror.example/release' is plain http",
                        "add --insecure-binary-mirror", "start", "--binary-mirror=http://mirror.example/release"),
                bad(Reason.USAGE, "--binary-mirror 'ftp://mirror.example/release' is not a URL of a kind",
                        "--binary-mirror=https://", "start", "--binary-mirror=ftp://mirror.example/release",
                        "--insecure-binary-mirror"),
                bad(Reason.EXTRA_CONFIG_INVALID, "kubelet.node-labels holds a line feed (\\n)",
                        "--extra-config=kubelet.node-labels=a=1,b=2", "start",
                        "--extra-config=kubelet.node-labels=a\nExecStartPre=/bin/sh -c id"),
                bad(Reason.EXTRA_CONFIG_INVALID, "kubelet.node-labels holds a NUL (\\0)", "on one line",
                        "start", "--extra-config=kubelet.node-labels=a\u0000b"),
                bad(Reason.EXTRA_CONFIG_INVALID, "apiserver.v holds a carriage return (\\r)", "on one line",
                        "start", "--extra-config=apiserver.v=2\r"),
                bad(Reason.EXTRA_CONFIG_INVALID, "unknown component 'kubeadm'", "--extra-config=component.key=value",
                        "start", "--extra-config=kubeadm.foo=1"),
                bad(Reason.USAGE, "--port '99999999999' is out of range", "--port=0", "dashboard", "--port=99999999999"),
                bad(Reason.USAGE, "--length 'x' is not a whole number", "--length=60", "logs", "--length=x"),
                bad(Reason.USAGE, "--length '99999999999' is out of range", "--length=60", "logs", "-n", "99999999999"),
                bad(Reason.USAGE, "Unknown option: '--memroy=4g\\nx'", "--help", "start", "--memroy=4g\nx"),
                bad(Reason.USAGE, "Unknown option: '--memroy=4g'", "Did you mean --memory?", "start", "--memroy=4g"),
                // Values only compared with a list are quoted escaped too, so the message stays one line.
                bad(Reason.PROFILE_NAME_INVALID, "invalid profile name a\\nb", "-p dev", "start", "-p", "a\nb"),
                bad(Reason.ADDON_UNKNOWN, "unknown add-on \"x\\ny\"", "addons list", "start", "--addons=x\ny"),
                bad(Reason.USAGE, "unknown --network-plugin 'a\\nb'", "--help", "start", "--network-plugin=a\nb"),
                bad(Reason.RUNTIME_UNSUPPORTED, "unknown container runtime 'a\\rb'", "containerd",
                        "start", "--container-runtime=a\rb"));
    }

    private static Arguments bad(Reason reason, String message, String advice, String... args) {
        return Arguments.of(reason, message, advice, args);
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("badValues")
    void aBadValueIsOneLineWithAdviceAndItsExitCode(Reason reason, String message, String advice, String[] args) {
        CliHarness.Run r = fails(reason, args);
        assertThat(CliHarness.exitLine(r)).contains(message);
        assertThat(lineAfterExitLine(r)).startsWith("* Advice: ").contains(advice);
        assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("MK_PROGRAM_ERROR");
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(2);
    }

    @Test
    void anHttpMirrorWithTheOptInIsTakenAndTheFlagAloneOnlyWarns() {
        // Taken: the start goes on to its next check (an unknown driver), past the mirror.
        CliHarness.Run r = fails(Reason.DRIVER_UNKNOWN, "start", "--binary-mirror=http://mirror.example/release",
                "--insecure-binary-mirror", "--driver=nosuchdriver");
        assertThat(r.err()).doesNotContain("plain http");
        CliHarness.Run alone = fails(Reason.DRIVER_UNKNOWN, "start", "--insecure-binary-mirror", "--driver=nosuchdriver");
        assertThat(alone.err()).contains("! --insecure-binary-mirror has no effect without --binary-mirror.");
    }

    @Test
    void aMissingProfileIsNamedWithAdviceThatExists() {
        for (String[] args : new String[][] {{"ip", "-p", "nothere"}, {"stop", "-p", "nothere"}, {"logs", "-p", "nothere"},
                {"ssh", "-p", "nothere"}}) {
            CliHarness.Run r = fails(Reason.GUEST_NOT_FOUND, args);
            assertThat(CliHarness.exitLine(r)).as(String.join(" ", args))
                    .isEqualTo("X Exiting due to GUEST_NOT_FOUND: machine \"nothere\" does not exist (there are no profiles)");
            assertThat(lineAfterExitLine(r))
                    .isEqualTo("* Advice: Check the profile name (-p), or create it with 'jminikube start -p nothere'.");
        }
    }
}
