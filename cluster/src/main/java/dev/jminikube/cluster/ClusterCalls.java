package dev.jminikube.cluster;

import dev.jminikube.addons.KubernetesErrors;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/** Turns a fabric8 failure to reach or use the API server into one clear reason instead of a stack trace. */
public final class ClusterCalls {
    private ClusterCalls() {
    }

    public static <T> T call(RunningCluster cluster, Supplier<T> body) {
        try {
            return body.get();
        } catch (KubernetesClientException e) {
            String status = KubernetesErrors.message(e);
            throw new JmkException(Reason.K8S_COMPONENT_FAILED, "the API server of \"" + cluster.name() + "\" at "
                    + cluster.apiServer() + " failed: " + status, e)
                    .withAdvice("Check 'jminikube status -p " + cluster.name() + "' and 'jminikube logs --problems'; 'jminikube start -p "
                            + cluster.name() + "' brings it back.");
        }
    }
}
