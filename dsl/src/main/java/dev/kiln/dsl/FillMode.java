package dev.kiln.dsl;

/**
 * How a geometric augmentation ({@link RandomTranslation}, {@link RandomRotation},
 * {@link RandomZoom}) fills output pixels whose source lies outside the picture.
 */
public enum FillMode {
    /** Zero. */
    ZEROS,
    /** The nearest edge pixel. */
    NEAREST,
    /** The picture mirrored at its edge, without repeating the edge pixel ({@code d c b | a b c d | c b a}). */
    REFLECT
}
