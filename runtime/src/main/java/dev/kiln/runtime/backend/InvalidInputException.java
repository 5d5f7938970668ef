package dev.kiln.runtime.backend;

import dev.kiln.runtime.KilnException;

/**
 * A batch the network cannot take: a wrong input length or batch size, a NaN or infinite pixel, a
 * label outside the class range, a target of the wrong length. Thrown before any work is done, so
 * the parameters and the optimiser state are untouched.
 */
public final class InvalidInputException extends KilnException {
    public InvalidInputException(String message) {
        super(message);
    }
}
