package dev.kiln.spec;

import java.util.List;

/**
 * {@code @Multiply}: the element-wise product of two tensors, squeeze-and-excitation's {@code x * gate}. Either
 * both have the output's shape, or one of them is per channel ({@code (C, 1, 1)} or {@code (C)}) and is
 * broadcast over the other's {@code (C, H, W)} planes ({@link #broadcast(int)}).
 *
 * @param inputs      the two tensors, in the order written
 * @param inputShapes their shapes
 */
public record MultiplyOp(String name, List<String> inputs, List<Shape> inputShapes) implements Op {

    public MultiplyOp {
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
        if (inputs.size() != 2 || inputShapes.size() != 2) {
            throw new IllegalArgumentException(name + ": a product reads two tensors, not " + inputs);
        }
        if (productShape(inputShapes.get(0), inputShapes.get(1)) == null) {
            throw new IllegalArgumentException(name + ": " + inputShapes.get(0) + " and " + inputShapes.get(1)
                    + " do not broadcast");
        }
    }

    /**
     * The shape of {@code a * b}, or null when they do not broadcast: equal shapes give theirs; a {@code (C)}
     * vector or a {@code (C, 1, 1)} image times a {@code (C, H, W)} image gives the image (a {@code (C, 1, 1)}
     * image times a {@code (C)} vector gives the image).
     */
    public static Shape productShape(Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.channels() != b.channels()) {
            return null;
        }
        boolean aPerChannel = a.height() == 1 && a.width() == 1;
        boolean bPerChannel = b.height() == 1 && b.width() == 1;
        if (aPerChannel && !b.isVector()) {
            return b;
        }
        if (bPerChannel && !a.isVector()) {
            return a;
        }
        return null;
    }

    @Override
    public Shape output() {
        return productShape(inputShapes.get(0), inputShapes.get(1));
    }

    /** Whether input {@code k} is broadcast: one value per channel, read for every position of its plane. */
    public boolean broadcast(int k) {
        return inputShapes.get(k).size() != output().size();
    }

    @Override
    public LayerKind kind() {
        return LayerKind.MULTIPLY;
    }

    /** One multiply per output element. */
    @Override
    public long multiplies() {
        return output().size();
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
    public MultiplyOp withInputs(List<String> inputs) {
        return new MultiplyOp(name, inputs, inputShapes);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.multiply(this);
    }
}
