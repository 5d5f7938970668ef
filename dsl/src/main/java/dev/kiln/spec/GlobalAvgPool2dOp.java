package dev.kiln.spec;

import java.util.List;

/** {@code @GlobalAvgPool2d}: the mean of each channel, {@code (C, H, W) -> (C)}. */
public record GlobalAvgPool2dOp(String name, String from, Shape input) implements UnaryOp {

    @Override
    public Shape output() {
        return Shape.vector(input.channels());
    }

    @Override
    public LayerKind kind() {
        return LayerKind.GLOBAL_AVG_POOL2D;
    }

    /** One multiply per output element (the division by H x W). */
    @Override
    public long multiplies() {
        return output().size();
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
    public GlobalAvgPool2dOp withInputs(List<String> inputs) {
        return new GlobalAvgPool2dOp(name, UnaryOp.single(inputs), input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.globalAvgPool(this);
    }
}
