package dev.kiln.spec;

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
    public <R> R accept(Visitor<R> visitor) {
        return visitor.flatten(this);
    }
}
