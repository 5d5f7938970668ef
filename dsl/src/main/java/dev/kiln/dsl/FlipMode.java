package dev.kiln.dsl;

/** Which axes {@link RandomFlip} may mirror; each chosen axis is flipped with probability 1/2 per image. */
public enum FlipMode {
    /** Left-right. */
    HORIZONTAL,
    /** Up-down. */
    VERTICAL,
    /** Left-right and up-down, independently. */
    BOTH
}
