package dev.jminikube.bootstrap.kubeconfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The YAML dialect kubeconfigs are written in, and the three named entries a {@link ClusterAccess} becomes. */
final class KubeconfigYaml {
    static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // Keeps strings that look like numbers strings when other entries are written back.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            // Base64 certificate data must stay one line for humans grepping and for tools splitting on lines.
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KubeconfigYaml() {
    }

    /** An empty kubeconfig with kubectl's keys in kubectl's order. */
    static ObjectNode emptyConfig() {
        ObjectNode root = NODES.objectNode();
        root.put("apiVersion", "v1");
        root.putArray("clusters");
        root.putArray("contexts");
        root.put("current-context", "");
        root.put("kind", "Config");
        root.putObject("preferences");
        root.putArray("users");
        return root;
    }

    static ObjectNode cluster(ClusterAccess access) {
        ObjectNode entry = NODES.objectNode();
        ObjectNode cluster = entry.putObject("cluster");
        cluster.put("certificate-authority-data", base64(access.certificateAuthorityPem()));
        cluster.put("server", access.server());
        entry.put("name", access.clusterName());
        return entry;
    }

    static ObjectNode user(ClusterAccess access) {
        ObjectNode entry = NODES.objectNode();
        entry.put("name", access.userName());
        ObjectNode user = entry.putObject("user");
        user.put("client-certificate-data", base64(access.credentials().certificatePem()));
        user.put("client-key-data", base64(access.credentials().privateKeyPem()));
        return entry;
    }

    static ObjectNode context(ClusterAccess access) {
        ObjectNode entry = NODES.objectNode();
        ObjectNode context = entry.putObject("context");
        context.put("cluster", access.clusterName());
        context.put("user", access.userName());
        entry.put("name", access.contextName());
        return entry;
    }

    /** {@link #emptyConfig()} as the plain maps and lists a kubeconfig's meaning is compared in. */
    static Map<Object, Object> emptyConfigMap() {
        return asMap(emptyConfig());
    }

    /** An entry or a whole config as plain maps and lists, as SnakeYAML reads them back. */
    @SuppressWarnings("unchecked")
    static Map<Object, Object> asMap(ObjectNode node) {
        return MAPPER.convertValue(node, LinkedHashMap.class);
    }

    /** The YAML text of a tree of Jackson nodes or of plain maps, lists and scalars. */
    static String write(Object root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig YAML", e);
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
