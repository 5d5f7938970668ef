package dev.kiln.spec;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Dense}: {@code y = W x + b} on a vector, weights {@code (units, in)}, then the activation.
 *
 * @param init the initialiser as declared ({@link #resolvedInit()} resolves {@code DEFAULT})
 */
public record DenseOp(String name, String from, Shape input, int units, boolean bias, Activation activation, Init init)
        implements UnaryOp {

    @Override
    public Shape output() {
        return Shape.vector(units);
    }

    @Override
    public LayerKind kind() {
        return LayerKind.DENSE;
    }

    public long fanIn() {
        return input.size();
    }

    public long fanOut() {
        return units;
    }

    public int[] weightShape() {
        return new int[] {units, input.intSize()};
    }

    public long weightCount() {
        return Math.multiplyExact(fanIn(), units);
    }

    public Init resolvedInit() {
        return Inits.resolve(init, activation);
    }

    @Override
    public List<Parameter> parameters() {
        return Inits.weightAndBias(weightShape(), bias, units, resolvedInit(), fanIn(), fanOut());
    }

    @Override
    public long multiplies() {
        return Math.multiplyExact(output().size(), fanIn());
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
    public DenseOp withInputs(List<String> inputs) {
        return new DenseOp(name, UnaryOp.single(inputs), input, units, bias, activation, init);
    }

    /** A dense layer ends in its per-output-channel weights and bias: a following batch norm folds in, with a bias. */
    @Override
    public Optional<Op> withBatchNormFolded(Activation after) {
        if (activation != Activation.NONE) {
            return Optional.empty();
        }
        return Optional.of(new DenseOp(name, from, input, units, true, after, init));
    }

    /** It reads its whole weight matrix once per call, so it wants all of a worker's images at once. */
    @Override
    public boolean tileable() {
        return false;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dense(this);
    }
}
