package dev.kiln.spec;

import java.util.List;

/** {@code @Flatten}: {@code (C, H, W)} to a vector, channel-major; the same numbers in the same order. */
public record FlattenOp(String name, String from, Shape input) implements UnaryOp {

    @Override
    public Shape output() {
        return Shape.vector(input.intSize());
    }

    @Override
    public LayerKind kind() {
        return LayerKind.FLATTEN;
    }

    @Override
    public Reach reach() {
        return Reach.WHOLE;
    }

    @Override
    public boolean hasFilters() {
        return false;
    }

    @Override
    public FlattenOp withInputs(List<String> inputs) {
        return new FlattenOp(name, UnaryOp.single(inputs), input);
    }

    /** Channel-major {@code (C, H, W)} already is the flat order. */
    @Override
    public boolean isView(boolean training) {
        return true;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.flatten(this);
    }
}
