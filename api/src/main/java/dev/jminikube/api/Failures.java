package dev.jminikube.api;

import dev.jminikube.cluster.FailureReasons;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.function.Supplier;

/**
 * Where the API turns the library's failures into {@link JminikubeException}: every public operation runs its body
 * through {@link #translate}, so a caller never sees jminikube's internal exception types.
 */
final class Failures {
    private Failures() {
    }

    static <T> T translate(Supplier<T> body) {
        try {
            return body.get();
        } catch (JminikubeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw of(e);
        }
    }

    static void translate(Runnable body) {
        translate(() -> {
            body.run();
            return null;
        });
    }

    /**
     * The exception for {@code failure}: its known reason without the internal cause chain (the message and details
     * carry what a person needs), or MK_PROGRAM_ERROR with the cause kept, since a bug needs its stack trace.
     */
    static JminikubeException of(Throwable failure) {
        if (failure instanceof JminikubeException e) {
            return e;
        }
        return FailureReasons.of(failure).map(Failures::of).orElseGet(() -> new JminikubeException(
                Reason.PROGRAM_ERROR.id(), Reason.PROGRAM_ERROR.exitCode(), String.valueOf(failure),
                Reason.PROGRAM_ERROR.advice(), null, failure));
    }

    static JminikubeException of(JmkException e) {
        return new JminikubeException(e.reason().id(), e.reason().exitCode(), e.getMessage(), e.advice(), e.details(),
                null);
    }

    static JminikubeException of(Reason reason, String message, String advice) {
        return of(new JmkException(reason, message).withAdvice(advice));
    }
}
