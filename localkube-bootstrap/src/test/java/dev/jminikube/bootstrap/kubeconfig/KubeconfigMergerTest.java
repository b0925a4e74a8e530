package dev.jminikube.bootstrap.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jminikube.bootstrap.pki.ClientCredentials;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uses made-up PEM text: the merger only embeds it, never parses it. */
class KubeconfigMergerTest {
    private static final ClientCredentials ADMIN = new ClientCredentials(
            "-----BEGIN CERTIFICATE-----\nYWRtaW4=\n-----END CERTIFICATE-----\n",
            "-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n");
    private static final String CA = "-----BEGIN CERTIFICATE-----\nY2E=\n-----END CERTIFICATE-----\n";
    private static final String OTHERS = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority: /home/me/ca.crt
                server: https://prod.example.com:6443
              name: prod
            contexts:
            - context:
                cluster: prod
                namespace: "123"
                user: prod-admin
              name: prod
            current-context: prod
            kind: Config
            preferences:
              colors: true
            users:
            - name: prod-admin
              user:
                token: "true"
            x-unknown-tool:
              setting: 42
            """;

    @TempDir
    Path home;

    private Path kubeconfig() {
        return home.resolve(".kube/config");
    }

    private static ClusterAccess dev(int port) {
        return new ClusterAccess("dev", "https://127.0.0.1:" + port, CA, "dev", ADMIN, "dev");
    }

    @Test
    void mergeIntoMissingFileCreatesItWithTheClusterCurrent() throws IOException {
        new KubeconfigMerger(kubeconfig()).merge(dev(40123));

        JsonNode root = read();
        assertThat(root.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(root.path("kind").asText()).isEqualTo("Config");
        assertThat(root.path("current-context").asText()).isEqualTo("dev");
        assertThat(names(root, "clusters")).containsExactly("dev");
        assertThat(names(root, "users")).containsExactly("dev");
        assertThat(names(root, "contexts")).containsExactly("dev");
        JsonNode cluster = root.path("clusters").get(0).path("cluster");
        assertThat(cluster.path("server").asText()).isEqualTo("https://127.0.0.1:40123");
        assertThat(decode(cluster.path("certificate-authority-data"))).isEqualTo(CA);
        JsonNode user = root.path("users").get(0).path("user");
        assertThat(decode(user.path("client-certificate-data"))).isEqualTo(ADMIN.certificatePem());
        assertThat(decode(user.path("client-key-data"))).isEqualTo(ADMIN.privateKeyPem());
        JsonNode context = root.path("contexts").get(0).path("context");
        assertThat(context.path("cluster").asText()).isEqualTo("dev");
        assertThat(context.path("user").asText()).isEqualTo("dev");
    }

    @Test
    void fileIsOwnerOnlyInAPrivateDirectoryWithNoTemporaryFilesLeft() throws IOException {
        new KubeconfigMerger(kubeconfig()).merge(dev(40123));
        new KubeconfigMerger(kubeconfig()).remove("dev");

        assumeThat(home.getFileSystem().supportedFileAttributeViews()).contains("posix");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig().getParent())))
                .isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(kubeconfig().getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("config");
        }
    }

    @Test
    void mergeLeavesOtherEntriesAndUnknownKeysAsTheyWere() throws IOException {
        write(OTHERS);
        JsonNode before = read();

        new KubeconfigMerger(kubeconfig()).merge(dev(40123));

        JsonNode after = read();
        assertThat(names(after, "clusters")).containsExactly("prod", "dev");
        assertThat(names(after, "users")).containsExactly("prod-admin", "dev");
        assertThat(names(after, "contexts")).containsExactly("prod", "dev");
        assertThat(after.path("clusters").get(0)).isEqualTo(before.path("clusters").get(0));
        assertThat(after.path("users").get(0)).isEqualTo(before.path("users").get(0));
        assertThat(after.path("contexts").get(0)).isEqualTo(before.path("contexts").get(0));
        assertThat(after.path("preferences")).isEqualTo(before.path("preferences"));
        assertThat(after.path("x-unknown-tool")).isEqualTo(before.path("x-unknown-tool"));
        // Strings that look like other types stay strings.
        assertThat(after.path("contexts").get(0).path("context").path("namespace").isTextual()).isTrue();
        assertThat(after.path("users").get(0).path("user").path("token").isTextual()).isTrue();
        assertThat(after.path("current-context").asText()).isEqualTo("dev");
        assertThat(fieldNames(after)).containsExactly("apiVersion", "clusters", "contexts", "current-context", "kind",
                "preferences", "users", "x-unknown-tool");
    }

    @Test
    void mergingAgainReplacesTheEntriesInPlace() throws IOException {
        write(OTHERS);
        KubeconfigMerger merger = new KubeconfigMerger(kubeconfig());
        merger.merge(dev(40123));
        merger.merge(dev(40999));

        JsonNode root = read();
        assertThat(names(root, "clusters")).containsExactly("prod", "dev");
        assertThat(names(root, "users")).containsExactly("prod-admin", "dev");
        assertThat(names(root, "contexts")).containsExactly("prod", "dev");
        assertThat(root.path("clusters").get(1).path("cluster").path("server").asText())
                .isEqualTo("https://127.0.0.1:40999");
    }

    @Test
    void mergeCollapsesDuplicatesOfItsOwnName() throws IOException {
        write("""
                clusters:
                - name: dev
                  cluster: {server: "https://old:1"}
                - name: dev
                  cluster: {server: "https://old:2"}
                contexts: null
                users: null
                """);
        new KubeconfigMerger(kubeconfig()).merge(dev(40123));

        assertThat(names(read(), "clusters")).containsExactly("dev");
        assertThat(names(read(), "contexts")).containsExactly("dev");
    }

    @Test
    void removeTakesOutOnlyThatClusterAndClearsCurrentContext() throws IOException {
        write(OTHERS);
        JsonNode before = read();
        KubeconfigMerger merger = new KubeconfigMerger(kubeconfig());
        merger.merge(dev(40123));

        merger.remove("dev");

        JsonNode after = read();
        assertThat(names(after, "clusters")).containsExactly("prod");
        assertThat(names(after, "users")).containsExactly("prod-admin");
        assertThat(names(after, "contexts")).containsExactly("prod");
        assertThat(after.path("current-context").asText()).isEmpty();
        assertThat(merger.currentContext()).isEmpty();
        ((com.fasterxml.jackson.databind.node.ObjectNode) before).put("current-context", "");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void removeKeepsAnotherCurrentContextAndLeavesUnrelatedFilesAlone() throws IOException {
        write(OTHERS);
        KubeconfigMerger merger = new KubeconfigMerger(kubeconfig());

        merger.remove("dev");

        assertThat(Files.readString(kubeconfig())).isEqualTo(OTHERS);
        assertThat(merger.currentContext()).contains("prod");
    }

    @Test
    void removeFromMissingFileDoesNothing() {
        new KubeconfigMerger(kubeconfig()).remove("dev");

        assertThat(kubeconfig()).doesNotExist();
        assertThat(kubeconfig().getParent()).doesNotExist();
    }

    @Test
    void emptyFileIsAnEmptyKubeconfig() throws IOException {
        write("");
        new KubeconfigMerger(kubeconfig()).merge(dev(40123));

        assertThat(names(read(), "contexts")).containsExactly("dev");
    }

    @Test
    void invalidYamlIsAnErrorAndTheFileIsLeftUnchanged() throws IOException {
        for (String bad : List.of("clusters: [unclosed\n", "- just\n- a list\n", "clusters: {name: dev}\n",
                "just a string\n")) {
            write(bad);
            KubeconfigMerger merger = new KubeconfigMerger(kubeconfig());

            assertThatThrownBy(() -> merger.merge(dev(40123))).as(bad)
                    .isInstanceOfSatisfying(JmkException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_INVALID))
                    .hasMessageStartingWith(kubeconfig() + ": not a valid kubeconfig (")
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> merger.remove("dev")).isInstanceOf(JmkException.class);
            assertThat(Files.readString(kubeconfig())).isEqualTo(bad);
        }
    }

    @Test
    void symlinkedKubeconfigStaysALink() throws IOException {
        Path real = home.resolve("dotfiles/kubeconfig");
        Files.createDirectories(real.getParent());
        Files.writeString(real, OTHERS);
        Files.createDirectories(kubeconfig().getParent());
        Files.createSymbolicLink(kubeconfig(), real);

        new KubeconfigMerger(kubeconfig()).merge(dev(40123));

        assertThat(Files.isSymbolicLink(kubeconfig())).isTrue();
        assertThat(Files.readString(real)).contains("name: dev");
    }

    /** What people write by hand: comments, another key order, quoting, indented lists, blank lines. */
    private static final String HAND_WRITTEN = """
            # Work clusters; ask ops before changing.
            kind: Config
            apiVersion: v1

            clusters:
              # production first
              - name: 'prod'   # the real one
                cluster:
                  server: "https://prod.example.com:6443"
                  insecure-skip-tls-verify: yes
                  x-weird: [1, "two", {three: 3}]
              - {name: staging, cluster: {server: "https://staging:6443"}}
            users:
              - user:
                  exec:
                    command: aws
                    args: ["eks", "get-token"]
                    env: null
                name: prod-admin
            contexts:
              - context: {cluster: prod, user: prod-admin, namespace: "007"}
                name: prod
            current-context: prod   # what kubectl uses
            # trailing notes
            """;

    @Test
    void handWrittenFileKeepsEveryByteThatIsNotJminikubes() throws IOException {
        write(HAND_WRITTEN);
        KubeconfigMerger merger = new KubeconfigMerger(kubeconfig());

        merger.merge(dev(40123));

        String merged = Files.readString(kubeconfig());
        for (String line : HAND_WRITTEN.lines().toList()) {
            if (!line.startsWith("current-context:")) {
                assertThat(merged).as("kept line").contains(line);
            }
        }
        assertThat(merged).contains("current-context: dev   # what kubectl uses\n");
        JsonNode root = read();
        assertThat(names(root, "clusters")).containsExactly("prod", "staging", "dev");
        assertThat(names(root, "users")).containsExactly("prod-admin", "dev");
        assertThat(names(root, "contexts")).containsExactly("prod", "dev");
        assertThat(merger.serverOf("dev")).contains("https://127.0.0.1:40123");

        merger.remove("dev");

        // Taking the cluster out again leaves exactly the old file, current-context cleared.
        assertThat(Files.readString(kubeconfig()))
                .isEqualTo(HAND_WRITTEN.replace("current-context: prod ", "current-context: \"\" "));
    }

    @Test
    void mergingAgainReplacesOnlyItsOwnLinesInPlace() throws IOException {
        write(HAND_WRITTEN);
        KubeconfigMerger merger = new KubeconfigMerger(kubeconfig());
        merger.merge(dev(40123));
        String first = Files.readString(kubeconfig());

        merger.merge(dev(40999));

        assertThat(Files.readString(kubeconfig())).isEqualTo(first.replace("40123", "40999"));
    }

    @Test
    void mergingTheSameAgainDoesNotWrite() throws IOException {
        KubeconfigMerger merger = new KubeconfigMerger(kubeconfig());
        merger.merge(dev(40123));
        Files.setLastModifiedTime(kubeconfig(), java.nio.file.attribute.FileTime.fromMillis(0));

        merger.merge(dev(40123));

        assertThat(Files.getLastModifiedTime(kubeconfig()).toMillis()).isZero();
    }

    @Test
    void windowsLineEndsStayWindowsLineEnds() throws IOException {
        write(HAND_WRITTEN.replace("\n", "\r\n"));

        new KubeconfigMerger(kubeconfig()).merge(dev(40123));

        String merged = Files.readString(kubeconfig());
        assertThat(merged.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(names(read(), "contexts")).containsExactly("prod", "dev");
    }

    @Test
    void removingTheLastEntriesLeavesEmptyLists() throws IOException {
        write("""
                apiVersion: v1
                clusters:
                  - name: dev   # mine
                    cluster: {server: "https://127.0.0.1:1"}
                contexts:
                - name: dev
                  context: {cluster: dev, user: dev}
                users:
                - {name: dev, user: {token: x}}
                current-context: dev
                kind: Config
                """);

        new KubeconfigMerger(kubeconfig()).remove("dev");

        assertThat(Files.readString(kubeconfig())).isEqualTo("""
                apiVersion: v1
                clusters: []
                contexts: []
                users: []
                current-context: ""
                kind: Config
                """);
    }

    @Test
    void aFileWithOnlyCommentsKeepsThemAboveTheNewContent() throws IOException {
        write("# managed by hand\n");

        new KubeconfigMerger(kubeconfig()).merge(dev(40123));

        assertThat(Files.readString(kubeconfig())).startsWith("# managed by hand\napiVersion: v1\n");
        assertThat(names(read(), "clusters")).containsExactly("dev");
    }

    @Test
    void jsonWithoutCommentsIsRewrittenWholeKeepingWhatItMeans() throws IOException {
        write("""
                {"apiVersion": "v1", "kind": "Config", "current-context": "prod",
                 "clusters": [{"name": "prod", "cluster": {"server": "https://p:6443", "x-port": 6443}}],
                 "contexts": [{"name": "prod", "context": {"cluster": "prod", "user": "prod"}}],
                 "users": [{"name": "prod", "user": {"token": "123"}}]}
                """);
        JsonNode before = read();

        new KubeconfigMerger(kubeconfig()).merge(dev(40123));

        JsonNode after = read();
        assertThat(after.path("clusters").get(0)).isEqualTo(before.path("clusters").get(0));
        assertThat(after.path("users").get(0).path("user").path("token").isTextual()).isTrue();
        assertThat(names(after, "contexts")).containsExactly("prod", "dev");
    }

    @Test
    void flowStyleListsWithCommentsAreRefusedAndLeftAlone() throws IOException {
        String flow = """
                # one line per list
                clusters: [{name: prod, cluster: {server: "https://p:6443"}}]
                users: [{name: prod, user: {token: t}}]
                contexts: [{name: prod, context: {cluster: prod, user: prod}}]
                """;
        write(flow);

        assertThatThrownBy(() -> new KubeconfigMerger(kubeconfig()).merge(dev(40123)))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_UNSUPPORTED))
                .hasMessageContaining("comments");
        assertThat(Files.readString(kubeconfig())).isEqualTo(flow);
    }

    /** Each of these would be lost or changed by writing the file back; kubectl then refused the whole file. */
    @ParameterizedTest
    @ValueSource(strings = {
        "anchors and aliases|a YAML anchor (&u at line 11)|"
                + "users:\n- name: prod-admin\n  user: &u {token: t}\n- name: prod-admin2\n  user: *u\n",
        "a merge key|a YAML merge key (<< at line 12)|"
                + "users:\n- name: prod-admin\n  user:\n    <<: {token: t}\n",
        "a tag|a YAML tag (!!str at line 11)|users:\n- name: prod-admin\n  user: {token: !!str 123}\n",
        "two documents|a second YAML document (at line 9)|---\nusers: []\n",
        "a document end|a YAML document end marker ('...' at line 9)|...\n"})
    void yamlThatCannotBeWrittenBackIsRefusedAndLeftByteForByte(String testCase) throws IOException {
        String[] parts = testCase.split("\\|", 3);
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: prod
                  cluster: {server: "https://p:6443"}
                contexts:
                - {name: prod, context: {cluster: prod, user: prod-admin}}
                current-context: prod
                """ + parts[2];
        write(text);
        KubeconfigMerger merger = new KubeconfigMerger(kubeconfig());

        assertThatThrownBy(() -> merger.merge(dev(40123))).as(parts[0])
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_UNSUPPORTED);
                    assertThat(e.advice()).contains("KUBECONFIG");
                })
                .hasMessageStartingWith(kubeconfig() + " was left as it was: it contains " + parts[1])
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> merger.remove("prod")).as(parts[0])
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.advice()).contains("named \"prod\"").contains("yourself"));
        assertThat(Files.readString(kubeconfig())).isEqualTo(text);
        assertThat(KubeconfigLock.lockFileOf(kubeconfig())).doesNotExist();
        // Reading is fine, as kubectl reads it; so is a remove with nothing to remove.
        assertThat(merger.serverOf("prod")).contains("https://p:6443");
        merger.remove("dev");
        assertThat(Files.readString(kubeconfig())).isEqualTo(text);
    }

    @Test
    void aFileThatAlreadySaysWhatMergeWouldWriteNeedsNoRewrite() throws IOException {
        KubeconfigMerger merger = new KubeconfigMerger(kubeconfig());
        merger.merge(dev(40123));
        String anchored = Files.readString(kubeconfig()) + "x-tool: &defaults {retries: 3}\nx-other: *defaults\n";
        write(anchored);

        merger.merge(dev(40123));

        assertThat(Files.readString(kubeconfig())).isEqualTo(anchored);
        assertThatThrownBy(() -> merger.merge(dev(40999))).isInstanceOf(JmkException.class);
        assertThat(Files.readString(kubeconfig())).isEqualTo(anchored);
    }

    @Test
    void readersSeeThroughAliasesAsKubectlDoes() throws IOException {
        write("""
                clusters:
                - name: dev
                  cluster: &dev {server: "https://127.0.0.1:40123"}
                - name: dev-copy
                  cluster:
                    <<: *dev
                contexts:
                - {name: dev, context: {cluster: dev-copy, user: dev}}
                current-context: dev
                """);
        KubeconfigMerger merger = new KubeconfigMerger(kubeconfig());

        assertThat(merger.serverOf("dev")).contains("https://127.0.0.1:40123");
        assertThat(merger.currentContext()).contains("dev");
    }

    @Test
    void aFailedWriteLeavesTheFileAsItWasAndReleasesTheLock() throws IOException {
        write(OTHERS);
        KubeconfigMerger full = new KubeconfigMerger(kubeconfig(), Duration.ofSeconds(1), (target, content, mode) -> {
            throw new IOException("No space left on device");
        });

        assertThatThrownBy(() -> full.merge(dev(40123)))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.RESOURCE_DISK_FULL))
                .hasMessageContaining(kubeconfig().toString()).hasMessageContaining("No space left on device");
        assertThat(Files.readString(kubeconfig())).isEqualTo(OTHERS);
        try (Stream<Path> files = Files.list(kubeconfig().getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("config");
        }
    }

    @Test
    void anExistingFileKeepsItsMode() throws IOException {
        assumeThat(home.getFileSystem().supportedFileAttributeViews()).contains("posix");
        write(OTHERS);
        Files.setPosixFilePermissions(kubeconfig(), PosixFilePermissions.fromString("rw-r-----"));

        new KubeconfigMerger(kubeconfig()).merge(dev(40123));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig()))).isEqualTo("rw-r-----");
    }

    private void write(String text) throws IOException {
        Files.createDirectories(kubeconfig().getParent());
        Files.writeString(kubeconfig(), text);
    }

    private JsonNode read() throws IOException {
        return KubeconfigYaml.MAPPER.readTree(Files.readString(kubeconfig()));
    }

    private static List<String> names(JsonNode root, String section) {
        return Stream.of(root.path(section)).flatMap(n -> {
            List<JsonNode> all = new java.util.ArrayList<>();
            n.forEach(all::add);
            return all.stream();
        }).map(e -> e.path("name").asText()).toList();
    }

    private static List<String> fieldNames(JsonNode root) {
        List<String> names = new java.util.ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.US_ASCII);
    }
    /**
     * update-context: only the server of the context's cluster changes; comments outside that entry and every other
     * entry stay (the entry itself is written whole, as start's merge writes it).
     */
    @Test
    void repointChangesOnlyTheServerOfTheContextsCluster() throws IOException {
        String before = """
                # written by hand
                apiVersion: v1
                clusters:
                - name: prod   # not ours
                  cluster:
                    server: https://prod.example.com:6443
                - name: dev-cluster
                  cluster:
                    certificate-authority-data: Q0E=
                    server: https://127.0.0.1:39999
                contexts:
                - name: dev
                  context:
                    cluster: dev-cluster
                    user: dev
                current-context: prod
                """;
        Files.createDirectories(kubeconfig().getParent());
        Files.writeString(kubeconfig(), before);

        String previous = new KubeconfigMerger(kubeconfig()).repoint("dev", "https://127.0.0.1:41000");

        assertThat(previous).isEqualTo("https://127.0.0.1:39999");
        assertThat(Files.readString(kubeconfig())).isEqualTo(before.replace("https://127.0.0.1:39999",
                "https://127.0.0.1:41000"));
    }

    @Test
    void repointWithoutTheContextIsKubeconfigNoContextAndLeavesTheFile() throws IOException {
        Files.createDirectories(kubeconfig().getParent());
        Files.writeString(kubeconfig(), OTHERS);
        assertThatThrownBy(() -> new KubeconfigMerger(kubeconfig()).repoint("dev", "https://127.0.0.1:41000"))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_NO_CONTEXT))
                .hasMessageContaining("has no context \"dev\"");
        assertThat(Files.readString(kubeconfig())).isEqualTo(OTHERS);
        assertThatThrownBy(() -> new KubeconfigMerger(home.resolve("none")).repoint("dev", "https://x"))
                .as("no file at all").isInstanceOf(JmkException.class);
    }
}
