package dev.kiln.spec;

import java.util.List;

/**
 * {@code @Concat}: images of one height and width joined along channels, or vectors joined end to
 * end, in the order written. Per image the output is the inputs' elements one after the other
 * (channel-major images make both cases the same copy).
 */
public record ConcatOp(String name, List<String> inputs, List<Shape> inputShapes) implements Op {

    public ConcatOp {
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
        if (inputs.size() != inputShapes.size()) {
            throw new IllegalArgumentException(name + ": " + inputs.size() + " inputs but " + inputShapes.size() + " shapes");
        }
    }

    @Override
    public Shape output() {
        int channels = 0;
        for (Shape s : inputShapes) {
            channels = Math.addExact(channels, s.channels());
        }
        Shape first = inputShapes.get(0);
        return first.isVector() ? Shape.vector(channels) : Shape.of(channels, first.height(), first.width());
    }

    /** Where input {@code i} starts within one image's output. */
    public int offset(int i) {
        int offset = 0;
        for (int j = 0; j < i; j++) {
            offset = Math.addExact(offset, inputShapes.get(j).intSize());
        }
        return offset;
    }

    @Override
    public LayerKind kind() {
        return LayerKind.CONCAT;
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
    public ConcatOp withInputs(List<String> inputs) {
        return new ConcatOp(name, inputs, inputShapes);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.concat(this);
    }
}
