package dev.kiln.runtime.optim;

import java.util.List;

import java.util.Arrays;

/**
 * SGD (momentum, Nesterov, weight decay) and Adam over flat float arrays, PyTorch semantics (see
 * {@link OptimizerConfig}). Parameters and state are floats, as in PyTorch's float32 training;
 * each element's update is computed in double and rounded once.
 *
 * <p>Not thread safe; one instance per parameter array.
 */
public final class Optimizer {
    private final OptimizerConfig config;
    private final int size;
    /** SGD's momentum buffer, or Adam's first moment; null for plain SGD. */
    private final float[] first;
    /** Adam's second moment; null for SGD. */
    private final float[] second;
    private long steps;

    /** An optimiser for {@code size} parameters with zeroed state (step 0); {@code config} checked its settings when built. */
    public Optimizer(OptimizerConfig config, int size) {
        java.util.Objects.requireNonNull(config, "config");
        if (size < 0) {
            throw new IllegalArgumentException("an optimiser needs a parameter count of at least 0, not " + size);
        }
        this.config = config;
        this.size = size;
        boolean adam = config.kind() == OptimizerConfig.Kind.ADAM;
        this.first = adam || config.momentum() != 0 ? new float[size] : null;
        this.second = adam ? new float[size] : null;
    }

    /** One update of {@code params} from {@code grads} with {@code learningRate}; does not zero grads. */
    public void step(float[] params, float[] grads, double learningRate) {
        if (params.length != size || grads.length != size) {
            throw new IllegalArgumentException("the optimiser was made for " + size + " parameters, but got "
                    + params.length + " parameters and " + grads.length + " gradients");
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be finite and at least 0, not " + learningRate);
        }
        steps++;
        update(params, grads, learningRate, 0, size);
    }

    /**
     * One update in which parameters {@code [r.offset, r.offset + r.size)} of each range learn at
     * {@code r.factor() * learningRate}; parameters in no range, or in a range of factor 0, and their
     * state, are not touched at all (a frozen layer stays bit for bit as it was).
     */
    public void step(float[] params, float[] grads, double learningRate, List<ParamGroups.Range> ranges) {
        if (params.length != size || grads.length != size) {
            throw new IllegalArgumentException("the optimiser was made for " + size + " parameters, but got "
                    + params.length + " parameters and " + grads.length + " gradients");
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be finite and at least 0, not " + learningRate);
        }
        steps++;
        for (ParamGroups.Range r : ranges) {
            if (r.factor() > 0) {
                update(params, grads, learningRate * r.factor(), r.offset(), r.offset() + r.size());
            }
        }
    }

    private void update(float[] params, float[] grads, double learningRate, int from, int to) {
        if (config.kind() == OptimizerConfig.Kind.ADAM) {
            adam(params, grads, learningRate, from, to);
        } else {
            sgd(params, grads, learningRate, from, to);
        }
    }

    /** {@code g = grad + wd p; v = momentum v + g; g = nesterov ? g + momentum v : v; p -= lr g} (PyTorch, dampening 0). */
    private void sgd(float[] params, float[] grads, double lr, int from, int to) {
        double momentum = config.momentum();
        double decay = config.weightDecay();
        // each parameter
        for (int i = from; i < to; i++) {
            double g = grads[i] + decay * params[i];
            if (first != null) {
                // PyTorch starts the buffer at the first gradient, which equals momentum * 0 + g
                double v = momentum * first[i] + g;
                first[i] = (float) v;
                g = config.nesterov() ? g + momentum * v : v;
            }
            params[i] = (float) (params[i] - lr * g);
        }
    }

    /**
     * {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)},
     * PyTorch's arrangement of the bias corrections.
     */
    private void adam(float[] params, float[] grads, double lr, int from, int to) {
        double b1 = config.beta1();
        double b2 = config.beta2();
        double stepSize = lr / (1 - Math.pow(b1, steps));
        double correction2 = Math.sqrt(1 - Math.pow(b2, steps));
        double decay = config.weightDecay();
        // each parameter
        for (int i = from; i < to; i++) {
            double g = grads[i] + decay * params[i];
            double m = b1 * first[i] + (1 - b1) * g;
            double v = b2 * second[i] + (1 - b2) * g * g;
            first[i] = (float) m;
            second[i] = (float) v;
            params[i] = (float) (params[i] - stepSize * m / (Math.sqrt(v) / correction2 + config.epsilon()));
        }
    }

    /** Forgets the momentum and moments and the step count, as a new optimiser would start. */
    public void reset() {
        steps = 0;
        if (first != null) {
            Arrays.fill(first, 0);
        }
        if (second != null) {
            Arrays.fill(second, 0);
        }
    }

    /** A copy of the state: step count and moments. */
    public OptimizerState state() {
        return new OptimizerState(steps, first == null ? null : first.clone(), second == null ? null : second.clone());
    }

    /** Puts back a state {@link #state()} returned, from an optimiser of the same kind and size. */
    public void restore(OptimizerState state) {
        if ((state.first() == null) != (first == null) || (state.second() == null) != (second == null)
                || (first != null && state.first().length != size) || (second != null && state.second().length != size)) {
            throw new IllegalArgumentException("the saved optimiser state is not one of " + config.kind() + " over " + size
                    + " parameters");
        }
        steps = state.steps();
        if (first != null) {
            System.arraycopy(state.first(), 0, first, 0, size);
        }
        if (second != null) {
            System.arraycopy(state.second(), 0, second, 0, size);
        }
    }

    /** Updates made since construction or the last {@link #reset}. */
    public long steps() {
        return steps;
    }

    /** The optimiser and hyper-parameters this instance applies. */
    public OptimizerConfig config() {
        return config;
    }
}
