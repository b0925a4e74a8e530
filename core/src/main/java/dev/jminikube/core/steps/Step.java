package dev.jminikube.core.steps;

/**
 * One small action of a longer operation such as {@code start} (kind's "create actions"). A step
 * has a name the user sees ("Booting the VM"), does one thing, and throws
 * {@link dev.jminikube.core.JmkException} with a reason when it cannot.
 *
 * @param <C> the context the steps share (e.g. the machine being started)
 */
public interface Step<C> {
    /** Shown to the user when the step starts, e.g. "Creating the data disk". */
    String title();

    void execute(C context) throws Exception;

    /** What a step made with {@link #of} does. */
    @FunctionalInterface
    interface Body<C> {
        void run(C context) throws Exception;
    }

    /** A step from a title and a body. */
    static <C> Step<C> of(String title, Body<C> body) {
        return new Step<>() {
            @Override
            public String title() {
                return title;
            }

            @Override
            public void execute(C context) throws Exception {
                body.run(context);
            }
        };
    }
}
