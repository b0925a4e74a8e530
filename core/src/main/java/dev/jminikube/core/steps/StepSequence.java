package dev.jminikube.core.steps;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.time.Duration;
import java.util.List;

/** Runs steps in order, reporting each start and end; stops at the first failure and names it. */
public final class StepSequence<C> {
    private final List<Step<C>> steps;

    public StepSequence(List<Step<C>> steps) {
        this.steps = List.copyOf(steps);
    }

    public List<Step<C>> steps() {
        return steps;
    }

    public void run(C context, StepListener listener) {
        for (Step<C> step : steps) {
            long start = System.nanoTime();
            listener.started(step.title());
            try {
                step.execute(context);
            } catch (Exception e) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                listener.failed(step.title(), took, e);
                if (e instanceof StepFailedException sfe) {
                    throw sfe;
                }
                JmkException jmk = e instanceof JmkException j ? j
                        : new JmkException(Reason.PROGRAM_ERROR, e.toString(), e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new StepFailedException(step.title(), jmk);
            }
            listener.finished(step.title(), Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
