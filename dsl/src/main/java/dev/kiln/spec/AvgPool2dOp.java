package dev.kiln.spec;

import java.util.List;

/** {@code @AvgPool2d}: the mean of each window, padding counted (PyTorch's {@code count_include_pad}). */
public record AvgPool2dOp(String name, String from, Shape input, Window window) implements Pool2dOp {

    public AvgPool2dOp {
        Pool2dOp.requireWindowsReadInput(name, input, window);
    }

    @Override
    public LayerKind kind() {
        return LayerKind.AVG_POOL2D;
    }

    /** One multiply per output element (the division by the window's area). */
    @Override
    public long multiplies() {
        return output().size();
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
    public AvgPool2dOp withInputs(List<String> inputs) {
        return new AvgPool2dOp(name, UnaryOp.single(inputs), input, window);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.avgPool(this);
    }
}
