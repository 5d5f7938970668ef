package dev.kiln.runtime.io;

import dev.kiln.runtime.KilnException;

/**
 * A checkpoint that cannot be written, or cannot be read as what it claims to be, or does not fit
 * the network: the message names the file, the tensor or header field, what was expected and what
 * was found.
 */
public final class CheckpointException extends KilnException {
    /** An exception with a message for the user and no underlying cause. */
    public CheckpointException(String message) {
        super(message);
    }

    /** An exception with a message for the user and the exception that caused it. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
