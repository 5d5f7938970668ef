package dev.kiln.spec;

import java.util.List;

/**
 * An augmentation layer ({@code @RandomFlip}, {@code @RandomTranslation}, {@code @RandomRotation},
 * {@code @RandomZoom}, {@code @RandomContrast}): in training it applies {@code transform} to each
 * image with values drawn from {@code (step seed, layer index, image index)}; in evaluation it is
 * the identity. It has no parameters, and counts no multiplies (it is input preprocessing, as in
 * Keras' summary). The five kinds share one record because they share everything but the
 * per-image map, which {@link Augment} describes.
 */
public record AugmentOp(String name, String from, Shape input, Augment transform) implements UnaryOp {

    public AugmentOp {
        if (input.isVector()) {
            throw new IllegalArgumentException(name + ": augmentation needs an image input, not " + input);
        }
    }

    @Override
    public Shape output() {
        return input;
    }

    @Override
    public LayerKind kind() {
        return transform.kind();
    }

    @Override
    public Reach reach() {
        return Reach.POINTWISE;
    }

    @Override
    public boolean hasFilters() {
        return false;
    }

    @Override
    public AugmentOp withInputs(List<String> inputs) {
        return new AugmentOp(name, UnaryOp.single(inputs), input, transform);
    }

    /** The identity at inference. */
    @Override
    public boolean isView(boolean training) {
        return !training;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.augment(this);
    }
}
