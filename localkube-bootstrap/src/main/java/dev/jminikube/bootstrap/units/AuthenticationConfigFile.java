package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.GuestPaths;
import dev.jminikube.bootstrap.KubernetesVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API server's AuthenticationConfiguration that keeps anonymous requests to the health
 * endpoints only (KEP-4633: alpha 1.31, beta and on by default 1.32, GA 1.34). kubeadm keeps
 * {@code --anonymous-auth=true} because probes hit /livez, /readyz and /healthz without
 * credentials; this file allows exactly that and refuses anonymous access everywhere else (even if
 * a ClusterRoleBinding to system:anonymous appears). Before 1.32 the API server has no such
 * control, so those versions keep {@code --anonymous-auth=true}.
 */
public final class AuthenticationConfigFile {
    public static final String PATH = GuestPaths.CONFIG_DIR + "/authentication-config.yaml";
    public static final int FIRST_MINOR = 32;
    /** The anonymous paths allowed; /version is no longer anonymous (kubectl sends credentials). */
    public static final List<String> ANONYMOUS_PATHS = List.of("/livez", "/readyz", "/healthz");

    private AuthenticationConfigFile() {
    }

    public static boolean supportedIn(KubernetesVersion version) {
        return version.atLeastMinor(FIRST_MINOR);
    }

    /** v1beta1 carries the anonymous field from 1.32; v1 exists from 1.34, when the feature went GA. */
    static String apiVersion(KubernetesVersion version) {
        return version.atLeastMinor(34) ? "apiserver.config.k8s.io/v1" : "apiserver.config.k8s.io/v1beta1";
    }

    public static GuestFile file(ClusterConfig config) {
        Map<String, Object> anonymous = new LinkedHashMap<>();
        anonymous.put("enabled", true);
        anonymous.put("conditions", ANONYMOUS_PATHS.stream().map(p -> Map.of("path", p)).toList());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", apiVersion(config.version()));
        root.put("kind", "AuthenticationConfiguration");
        root.put("anonymous", anonymous);
        return GuestFile.readable(PATH, StructuredFiles.yaml(root));
    }
}
