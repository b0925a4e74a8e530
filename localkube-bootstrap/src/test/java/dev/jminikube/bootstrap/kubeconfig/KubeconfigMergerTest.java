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
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
