package dev.kiln.runtime.data.image;

import dev.kiln.runtime.KilnException;

/**
 * A picture that cannot become network input: not one of the four formats, damaged, truncated,
 * too large, or empty. The message starts with the file (or source) name.
 */
public class ImageDecodeException extends KilnException {
    /** An exception with a message for the user and no underlying cause. */
    public ImageDecodeException(String message) {
        super(message);
    }

    /** An exception with a message for the user and the exception that caused it. */
    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
