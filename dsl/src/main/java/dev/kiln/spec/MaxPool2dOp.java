package dev.kiln.spec;

import java.util.List;

/**
 * {@code @MaxPool2d}: the maximum of each window; padding, and with {@code ceilMode} the part of the last
 * window past the padding, read as minus infinity.
 */
public record MaxPool2dOp(String name, String from, Shape input, Window window, boolean ceilMode) implements Pool2dOp {

    public MaxPool2dOp {
        Pool2dOp.requireWindowsReadInput(name, input, window, ceilMode);
    }

    /** Floor mode, as before {@code ceilMode} existed. */
    public MaxPool2dOp(String name, String from, Shape input, Window window) {
        this(name, from, input, window, false);
    }

    @Override
    public LayerKind kind() {
        return LayerKind.MAX_POOL2D;
    }

    @Override
    public Reach reach() {
        return Reach.window(window);
    }

    @Override
    public boolean hasFilters() {
        return false;
    }

    @Override
    public MaxPool2dOp withInputs(List<String> inputs) {
        return new MaxPool2dOp(name, UnaryOp.single(inputs), input, window, ceilMode);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.maxPool(this);
    }
}
