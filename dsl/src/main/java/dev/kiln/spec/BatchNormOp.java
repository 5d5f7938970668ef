package dev.kiln.spec;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import java.util.List;

/**
 * {@code @BatchNorm}: per channel of an image (PyTorch's {@code BatchNorm2d}) or per unit of a
 * vector ({@code BatchNorm1d}), then the activation. Training normalises with the batch mean and
 * biased variance and updates {@code running = (1 - momentum) running + momentum batch} with the
 * unbiased variance; evaluation uses the running statistics.
 */
public record BatchNormOp(String name, String from, Shape input, double eps, double momentum, Activation activation)
        implements UnaryOp {

    @Override
    public Shape output() {
        return input;
    }

    /** Channels of an image, units of a vector: the number of statistics. */
    public int features() {
        return input.channels();
    }

    /** Elements per image that share one feature's statistics: {@code H x W}, or 1 for a vector. */
    public int spatial() {
        return input.height() * input.width();
    }

    @Override
    public LayerKind kind() {
        return LayerKind.BATCH_NORM;
    }

    @Override
    public List<Parameter> parameters() {
        int[] c = {features()};
        return List.of(new Parameter("weight", c, Init.ONES, features(), features(), true),
                new Parameter("bias", c, Init.ZEROS, features(), features(), true));
    }

    /** {@code running_mean}, {@code running_var} and {@code num_batches_tracked} (a count Keras does not show). */
    @Override
    public List<Parameter> buffers() {
        int[] c = {features()};
        return List.of(new Parameter("running_mean", c, Init.ZEROS, features(), features(), true),
                new Parameter("running_var", c, Init.ONES, features(), features(), true),
                new Parameter("num_batches_tracked", new int[0], Init.ZEROS, 1, 1, false));
    }

    /** One multiply per element (the scale; normalising and shifting fold into it at inference). */
    @Override
    public long multiplies() {
        return input.size();
    }

    /** Training needs the batch statistics before any image can be normalised. */
    @Override
    public boolean needsWholeBatch(boolean training) {
        return training;
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
    public BatchNormOp withInputs(List<String> inputs) {
        return new BatchNormOp(name, UnaryOp.single(inputs), input, eps, momentum, activation);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.batchNorm(this);
    }
}
