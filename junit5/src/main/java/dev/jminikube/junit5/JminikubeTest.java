package dev.jminikube.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real single-node Kubernetes cluster. The cluster of {@link #profile()} is started (or,
 * with {@link #reuse()}, reused: resumed if suspended) once per test run, before the first class that names it, and
 * shared by every class that names the same profile; at the end of the run it is deleted, or with {@code reuse} left
 * running for the next run. Test methods, constructors and lifecycle methods may declare parameters of type
 * {@link dev.jminikube.api.Cluster} and {@link io.fabric8.kubernetes.client.KubernetesClient}; a test method's client
 * works in a namespace of its own, created before the method and deleted after it. When a test fails, the cluster's
 * problem log lines ({@code jminikube logs --problems}) are published as a report entry and printed to stderr.
 *
 * <pre>{@code
 * @JminikubeTest(profile = "it", addons = "coredns", reuse = true)
 * class AppIT {
 *     @Test
 *     void answers(Cluster cluster, KubernetesClient client) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(JminikubeExtension.class)
public @interface JminikubeTest {
    /** The profile (cluster) name; classes naming the same profile share its cluster. */
    String profile() default "jminikube-test";

    /** The Kubernetes version, e.g. {@code "v1.37.2"}; empty for the default. */
    String kubernetesVersion() default "";

    /** Add-ons to enable besides the defaults. */
    String[] addons() default {};

    /** Keep the cluster after the run and use it again next time (see {@link dev.jminikube.api.ClusterBuilder#reuse}). */
    boolean reuse() default false;

    /** The VM's memory, e.g. {@code "4g"}; empty for the default. */
    String memory() default "";

    /** The VM's CPUs; 0 for the default. */
    int cpus() default 0;

    /** The VM driver; empty chooses the best one for this host. */
    String driver() default "";
}
