package dev.kiln.runtime;

/**
 * The base of every exception Kiln throws on purpose: a bad input, a damaged file, a missing
 * device. Its message says what was found, what was expected and, where there is one, how to fix it.
 */
public class KilnException extends RuntimeException {
    /** An exception with a message for the user and no underlying cause. */
    public KilnException(String message) {
        super(message);
    }

    /** An exception with a message for the user and the exception that caused it. */
    public KilnException(String message, Throwable cause) {
        super(message, cause);
    }
}
