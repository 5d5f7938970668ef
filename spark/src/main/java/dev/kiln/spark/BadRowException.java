package dev.kiln.spark;

import dev.kiln.runtime.KilnException;

/** A row whose image batch inference cannot use; the message names the row and says why. */
public class BadRowException extends KilnException {
    public BadRowException(String message, Throwable cause) {
        super(message, cause);
    }
}
