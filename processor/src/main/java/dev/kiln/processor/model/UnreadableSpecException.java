package dev.kiln.processor.model;

/**
 * An annotation value javac could not resolve (for example a misspelt constant). javac has already
 * reported it, so the processor gives up on the network without a message of its own.
 */
public final class UnreadableSpecException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnreadableSpecException(String message) {
        super(message);
    }
}
