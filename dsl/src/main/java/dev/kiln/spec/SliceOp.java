package dev.kiln.spec;

import java.util.List;

/**
 * {@code @Slice}: channels {@code [start, end)} of an image, or units {@code [start, end)} of a vector. Per
 * image the output is one contiguous run of the input, from {@link #offset()}.
 */
public record SliceOp(String name, String from, Shape input, int start, int end) implements UnaryOp {

    public SliceOp {
        if (start < 0 || end <= start || end > input.channels()) {
            throw new IllegalArgumentException(name + ": channels {" + start + ", " + end + "} must satisfy 0 <= start < end <= "
                    + input.channels());
        }
    }

    @Override
    public Shape output() {
        return input.isVector() ? Shape.vector(end - start) : Shape.of(end - start, input.height(), input.width());
    }

    /** Where the slice starts within one input image: {@code start x H x W}. */
    public int offset() {
        return Math.toIntExact((long) start * input.height() * input.width());
    }

    @Override
    public LayerKind kind() {
        return LayerKind.SLICE;
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
    public SliceOp withInputs(List<String> inputs) {
        return new SliceOp(name, UnaryOp.single(inputs), input, start, end);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.slice(this);
    }
}
