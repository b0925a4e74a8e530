package dev.jminikube.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandFailedException;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.steps.StepFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster module's start events reach an API listener one to one, failures as JminikubeException. */
class StartEventsTest {
    private final List<String> heard = new ArrayList<>();
    private final List<JminikubeException> failures = new ArrayList<>();
    private final StartEvents events = new StartEvents(new ClusterListener() {
        @Override
        public void stepStarted(String step) {
            heard.add("started " + step);
        }

        @Override
        public void stepFinished(String step, Duration took) {
            heard.add("finished " + step + " in " + took.toMillis() + "ms");
        }

        @Override
        public void stepFailed(String step, Duration took, JminikubeException why) {
            heard.add("failed " + step + " in " + took.toMillis() + "ms");
            failures.add(why);
        }

        @Override
        public void note(String line) {
            heard.add("note " + line);
        }

        @Override
        public void warning(String line) {
            heard.add("warning " + line);
        }
    });

    @Test
    void eachEventIsPassedOnWithItsTextAndDuration() {
        events.started("Booting the VM");
        events.note("qemu pid 42");
        events.progress("[=====>    ] 50%"); // a terminal's progress bar: not an event of the API
        events.finished("Booting the VM", Duration.ofMillis(1500));
        events.warning("add-on dashboard could not be enabled");
        assertThat(heard).containsExactly("started Booting the VM", "note qemu pid 42", "finished Booting the VM in 1500ms",
                "warning add-on dashboard could not be enabled");
    }

    @Test
    void aFailedStepCarriesItsReasonWithoutTheInternalException() {
        JmkException cause = new JmkException(Reason.K8S_COMPONENT_FAILED, "kubelet did not start")
                .withAdvice("Run 'jminikube logs --problems'.");
        events.failed("Starting the kubelet", Duration.ofSeconds(2), new StepFailedException("Starting the kubelet", cause));
        assertThat(heard).containsExactly("failed Starting the kubelet in 2000ms");
        JminikubeException why = failures.get(0);
        assertThat(why.reasonId()).isEqualTo(Reason.K8S_COMPONENT_FAILED.id());
        assertThat(why.exitCode()).isEqualTo(Reason.K8S_COMPONENT_FAILED.exitCode());
        assertThat(why.getMessage()).contains("kubelet did not start");
        assertThat(why.advice()).isEqualTo("Run 'jminikube logs --problems'.");
        assertThat(why.getCause()).isNull();
    }

    @Test
    void aCommandThatFailedInTheNodeIsGuestCommandFailedAsInTheCli() {
        CommandResult result = new CommandResult(List.of("mkdir", "/data"), 1, "", "mkdir: No space left on device",
                Duration.ZERO, false);
        events.failed("Preparing the data disk", Duration.ZERO, new CommandFailedException(result, "ssh ... mkdir /data"));
        assertThat(failures.get(0).reasonId()).isEqualTo(Reason.GUEST_DISK_FULL.id());
    }

    @Test
    void anythingElseIsAProgramErrorThatKeepsItsCauseForTheBugReport() {
        IllegalStateException bug = new IllegalStateException("unexpected state");
        events.failed("Booting the VM", Duration.ZERO, bug);
        assertThat(failures.get(0).reasonId()).isEqualTo(Reason.PROGRAM_ERROR.id());
        assertThat(failures.get(0).getCause()).isSameAs(bug);
    }
}
