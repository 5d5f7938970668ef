package dev.kiln.interop;

import dev.kiln.runtime.KilnException;

/** A model or weights file that cannot be read, written or mapped; the message says what and how to fix it. */
public final class InteropException extends KilnException {
    public InteropException(String message) {
        super(message);
    }

    public InteropException(String message, Throwable cause) {
        super(message, cause);
    }
}
