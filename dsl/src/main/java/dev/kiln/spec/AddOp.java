package dev.kiln.spec;

import dev.kiln.dsl.Activation;
import java.util.Collections;
import java.util.List;

/**
 * {@code @Add}: the element-wise sum of two or more tensors of one shape, then the activation
 * (ResNet's skip connection adds before its last ReLU).
 *
 * @param inputs the tensors summed, in the order written
 * @param shape  their common shape, which is also the output's
 */
public record AddOp(String name, List<String> inputs, Shape shape, Activation activation) implements Op {

    public AddOp {
        inputs = List.copyOf(inputs);
    }

    @Override
    public List<Shape> inputShapes() {
        return Collections.nCopies(inputs.size(), shape);
    }

    @Override
    public Shape output() {
        return shape;
    }

    @Override
    public LayerKind kind() {
        return LayerKind.ADD;
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
    public AddOp withInputs(List<String> inputs) {
        return new AddOp(name, inputs, shape, activation);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.add(this);
    }
}
