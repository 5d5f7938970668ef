package dev.kiln.spec;

import java.util.List;

/** {@code @Dropout}: inverted dropout of {@code rate} in training, the identity at inference. */
public record DropoutOp(String name, String from, Shape input, double rate) implements UnaryOp {

    public DropoutOp {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(name + ": a dropout rate must be in [0, 1), but it is " + rate);
        }
    }

    @Override
    public Shape output() {
        return input;
    }

    @Override
    public LayerKind kind() {
        return LayerKind.DROPOUT;
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
    public DropoutOp withInputs(List<String> inputs) {
        return new DropoutOp(name, UnaryOp.single(inputs), input, rate);
    }

    /** The identity at inference. */
    @Override
    public boolean isView(boolean training) {
        return !training;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dropout(this);
    }
}
