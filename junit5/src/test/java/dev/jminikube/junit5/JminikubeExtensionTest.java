package dev.jminikube.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jminikube.api.Cluster;
import dev.jminikube.api.JminikubeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * @JminikubeTest classes run by the JUnit Platform inside this test (EngineTestKit), with a JMINIKUBE_HOME of the
 * test's: what a build sees when the cluster cannot be had. (A cluster that starts needs a VM: the example project,
 * examples/hello-service, is that test, run by scripts/test.)
 */
class JminikubeExtensionTest {
    @TempDir
    Path home;

    /** Not run by surefire (a nested class); only through the test kit below. */
    @JminikubeTest(profile = "Not_A_Name!")
    static class BadProfileName {
        @Test
        void neverRuns(Cluster cluster) {
            throw new AssertionError("ran without a cluster");
        }
    }

    /** A @Nested class uses its enclosing class's @JminikubeTest. */
    @JminikubeTest(profile = "Not_A_Name!")
    static class WithANestedClass {
        @org.junit.jupiter.api.Nested
        class Inner {
            @Test
            void neverRuns(Cluster cluster) {
                throw new AssertionError("ran without a cluster");
            }
        }
    }

    @JminikubeTest(profile = "shared", memory = "lots")
    static class AsksForLotsOfMemory {
        @Test
        void neverRuns() {
            throw new AssertionError("ran without a cluster");
        }
    }

    @JminikubeTest(profile = "shared")
    static class AsksForTheDefaultMemory {
        @Test
        void neverRuns() {
            throw new AssertionError("ran without a cluster");
        }
    }

    private EngineExecutionResults run(Class<?>... classes) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(JminikubeExtension.HOME_PARAMETER,
                home.toString()).selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c))
                .toArray(org.junit.platform.engine.DiscoverySelector[]::new)).execute();
    }

    private static Throwable failureOf(Event event) {
        return event.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow();
    }

    @Test
    void aClusterThatCannotStartFailsTheClassWithTheClisReasonAndRunsNoTest() throws Exception {
        EngineExecutionResults results = run(BadProfileName.class);
        results.testEvents().assertStatistics(s -> s.started(0));
        Event failed = results.containerEvents().failed().list().get(0);
        assertThat(failureOf(failed)).isInstanceOfSatisfying(JminikubeException.class,
                e -> assertThat(e.reasonId()).isEqualTo("MK_PROFILE_NAME"));
        try (var left = Files.list(home)) {
            assertThat(left).as("nothing made in JMINIKUBE_HOME").isEmpty();
        }
    }

    /**
     * A @Nested class's settings are its enclosing class's (JUnit runs it only once the enclosing class's cluster
     * started, so a live run of it is the example project's: examples/hello-service has one).
     */
    @Test
    void aNestedClassUsesItsEnclosingClasssAnnotation() {
        assertThat(JminikubeExtension.annotation(WithANestedClass.Inner.class)).get()
                .extracting(JminikubeTest::profile).isEqualTo("Not_A_Name!");
        assertThat(JminikubeExtension.annotation(JminikubeExtensionTest.class)).as("not a @JminikubeTest").isEmpty();
    }

    @Test
    void twoClassesAskingForDifferentClustersUnderOneProfileAreTold() {
        EngineExecutionResults results = run(AsksForLotsOfMemory.class, AsksForTheDefaultMemory.class);
        results.testEvents().assertStatistics(s -> s.started(0));
        var failures = results.containerEvents().failed().list().stream().map(JminikubeExtensionTest::failureOf).toList();
        assertThat(failures).hasSize(2);
        assertThat(failures).anySatisfy(f -> assertThat(f).isInstanceOfSatisfying(JminikubeException.class,
                e -> assertThat(e.reasonId()).isEqualTo("RSRC_MEMORY")));
        assertThat(failures).anySatisfy(f -> assertThat(f).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("share the profile \"shared\" but ask for different clusters"));
    }
}
