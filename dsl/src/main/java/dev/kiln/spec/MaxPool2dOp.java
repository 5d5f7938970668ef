package dev.kiln.spec;

/** {@code @MaxPool2d}: the maximum of each window; padding reads as minus infinity. */
public record MaxPool2dOp(String name, String from, Shape input, Window window) implements Pool2dOp {

    @Override
    public LayerKind kind() {
        return LayerKind.MAX_POOL2D;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.maxPool(this);
    }
}
