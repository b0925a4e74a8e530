package dev.jminikube.drivers.qemu;

import java.io.IOException;

/** QEMU answered a QMP command with an error ({@code {"error": {"class": ..., "desc": ...}}}). */
public final class QmpException extends IOException {
    private final String errorClass;

    public QmpException(String command, String errorClass, String description) {
        super("QMP " + command + " failed: " + errorClass + ": " + description);
        this.errorClass = errorClass;
    }

    public String errorClass() {
        return errorClass;
    }
}
