package dev.kiln.runtime;

/**
 * The base of every exception Kiln throws on purpose: a bad input, a damaged file, a missing
 * device. Its message says what was found, what was expected and, where there is one, how to fix it.
 */
public class KilnException extends RuntimeException {
    public KilnException(String message) {
        super(message);
    }

    public KilnException(String message, Throwable cause) {
        super(message, cause);
    }
}
