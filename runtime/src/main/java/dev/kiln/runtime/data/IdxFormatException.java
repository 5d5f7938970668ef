package dev.kiln.runtime.data;

import dev.kiln.runtime.KilnException;

/**
 * An IDX file that cannot be read as what it claims to be: wrong magic or dtype, dimensions that do
 * not match the bytes present, a truncated or damaged gzip stream, labels out of range. The message
 * names the file, the rule and the numbers found.
 */
public final class IdxFormatException extends KilnException {
    /** An exception with a message for the user and no underlying cause. */
    public IdxFormatException(String message) {
        super(message);
    }

    /** An exception with a message for the user and the exception that caused it. */
    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
