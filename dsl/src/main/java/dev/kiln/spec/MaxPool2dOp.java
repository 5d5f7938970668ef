package dev.kiln.spec;

import java.util.List;

/** {@code @MaxPool2d}: the maximum of each window; padding reads as minus infinity. */
public record MaxPool2dOp(String name, String from, Shape input, Window window) implements Pool2dOp {

    public MaxPool2dOp {
        Pool2dOp.requireWindowsReadInput(name, input, window);
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
        return new MaxPool2dOp(name, UnaryOp.single(inputs), input, window);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.maxPool(this);
    }
}
