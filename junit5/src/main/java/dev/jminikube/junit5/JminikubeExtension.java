package dev.jminikube.junit5;

import dev.jminikube.api.Cluster;
import dev.jminikube.api.ClusterListener;
import dev.jminikube.api.JminikubeException;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link JminikubeTest}: starts or reuses the profile's cluster once per run (kept in the root
 * store, so every class of the run shares it and it is closed when the run ends), resolves {@link Cluster} and
 * {@link KubernetesClient} parameters, and reports the cluster's problem log lines when a test fails.
 */
public final class JminikubeExtension implements BeforeAllCallback, ParameterResolver, TestWatcher {
    /**
     * A JUnit configuration parameter (e.g. {@code -Djminikube.home=...} for surefire, or junit-platform.properties):
     * the JMINIKUBE_HOME the clusters of this run use instead of the environment's.
     */
    public static final String HOME_PARAMETER = "jminikube.home";
    /** The report entry a failing test's problem log lines are published under. */
    public static final String PROBLEMS_ENTRY = "jminikube logs --problems";
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(JminikubeExtension.class);

    /** Creates the extension; JUnit does, through {@link JminikubeTest}. */
    public JminikubeExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Cluster.class || type == KubernetesClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Cluster cluster = shared(context).cluster();
        if (parameter.getParameter().getType() == Cluster.class) {
            return cluster;
        }
        if (context.getTestMethod().isEmpty()) {
            // A constructor or @BeforeAll/@AfterAll parameter: the cluster's shared client, in namespace default.
            return cluster.client();
        }
        // One namespace per test method, however many client parameters it has (a method-level store).
        return context.getStore(STORE).getOrComputeIfAbsent("namespace", key -> TestNamespace.create(cluster,
                TestNamespaces.forMethod(context.getRequiredTestMethod().getName())), TestNamespace.class).client();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        SharedCluster shared = context.getRoot().getStore(STORE).get(key(settings(context)), SharedCluster.class);
        if (shared == null) {
            return; // the cluster did not start: its failure is the test's failure already
        }
        String logs;
        try {
            logs = shared.cluster().problemLogs();
        } catch (JminikubeException e) {
            logs = "(could not read the logs: " + e.getMessage() + ")";
        }
        String report = "The cluster \"" + shared.cluster().profile() + "\"'s problem log lines (jminikube logs --problems -p "
                + shared.cluster().profile() + "):\n" + logs;
        context.publishReportEntry(PROBLEMS_ENTRY, report);
        System.err.println(context.getDisplayName() + " failed. " + report);
    }

    /**
     * The run's cluster for the class's settings, started on first use. The settings are recorded before the start, so
     * a class asking for a different cluster under the same profile is refused even when the first start failed.
     */
    private static SharedCluster shared(ExtensionContext context) {
        ClusterSettings wanted = settings(context);
        ExtensionContext.Store root = context.getRoot().getStore(STORE);
        ClusterSettings first = root.getOrComputeIfAbsent("settings:" + key(wanted), k -> wanted, ClusterSettings.class);
        if (!first.equals(wanted)) {
            throw new ExtensionConfigurationException("@JminikubeTest classes share the profile \"" + wanted.profile()
                    + "\" but ask for different clusters: " + first + " and " + wanted
                    + "; give one of them another profile");
        }
        return root.getOrComputeIfAbsent(key(wanted), k -> SharedCluster.start(wanted), SharedCluster.class);
    }

    private static ClusterSettings settings(ExtensionContext context) {
        JminikubeTest test = context.getTestClass().flatMap(JminikubeExtension::annotation)
                .orElseThrow(() -> new ExtensionConfigurationException("JminikubeExtension needs @JminikubeTest on the class"));
        Optional<Path> home = context.getConfigurationParameter(HOME_PARAMETER).filter(s -> !s.isBlank()).map(Path::of);
        return ClusterSettings.of(test, home);
    }

    /**
     * The class's @JminikubeTest, else its nearest enclosing class's: a @Nested class inherits the extension from
     * the class it is nested in, and with it that class's cluster (one per profile, so the very same one).
     */
    static Optional<JminikubeTest> annotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<JminikubeTest> found = AnnotationSupport.findAnnotation(c, JminikubeTest.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static String key(ClusterSettings settings) {
        return "cluster:" + settings.home().map(Path::toString).orElse("") + ":" + settings.profile();
    }

    /** The run's cluster; closing it (at the end of the run) deletes it unless it is reused. */
    @SuppressWarnings("deprecation") // CloseableResource: still what JUnit 5.14 closes at the end of the run
    record SharedCluster(ClusterSettings settings, Cluster cluster) implements ExtensionContext.Store.CloseableResource {
        static SharedCluster start(ClusterSettings settings) {
            long began = System.nanoTime();
            Cluster cluster = settings.builder().listener(new ClusterListener() {
                @Override
                public void stepFailed(String step, Duration took, JminikubeException why) {
                    System.err.println("jminikube: " + step + " failed: " + why.getMessage());
                }

                @Override
                public void warning(String line) {
                    System.err.println("jminikube: ! " + line);
                }
            }).start();
            System.err.printf("jminikube: cluster \"%s\" %s in %.1fs%n", settings.profile(),
                    cluster.resumed() ? "resumed" : cluster.reused() ? "reused (already running)" : "ready",
                    (System.nanoTime() - began) / 1e9);
            return new SharedCluster(settings, cluster);
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    /** A test method's namespace and its client; both go when the method is done. */
    @SuppressWarnings("deprecation")
    record TestNamespace(String name, KubernetesClient admin, KubernetesClient client)
            implements ExtensionContext.Store.CloseableResource {
        static TestNamespace create(Cluster cluster, String name) {
            KubernetesClient admin = cluster.client();
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels("app.kubernetes.io/managed-by", "jminikube-junit5").endMetadata().build()).create();
            return new TestNamespace(name, admin, cluster.newClient(name));
        }

        @Override
        public void close() {
            client.close();
            admin.namespaces().withName(name).delete();
        }
    }
}
