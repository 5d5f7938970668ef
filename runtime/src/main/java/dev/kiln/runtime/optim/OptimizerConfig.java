package dev.kiln.runtime.optim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An optimiser and its hyper-parameters, with PyTorch's semantics so that both backends (and
 * anyone comparing with PyTorch) agree step by step.
 *
 * <ul>
 *   <li>SGD: {@code g = grad + weightDecay p; v = momentum v + g; g = nesterov ? g + momentum v : v
 *       (v if momentum > 0, else g); p -= lr g}.</li>
 *   <li>Adam: {@code g = grad + weightDecay p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 *       p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}, t counting from 1.</li>
 * </ul>
 * The learning rate is passed per step, so schedules live in the trainer. Build one by name,
 * starting from PyTorch's defaults: {@code OptimizerConfig.sgd().momentum(0.9).nesterov(true).weightDecay(5e-4).build()},
 * {@code OptimizerConfig.adam().build()}; {@link #toBuilder()} changes one setting of an existing one.
 *
 * @param kind        SGD or Adam
 * @param momentum    SGD's momentum in [0, 1) (0 for Adam)
 * @param nesterov    whether SGD's momentum is Nesterov's (false for Adam)
 * @param weightDecay L2 weight decay added to every gradient, as PyTorch's {@code weight_decay}; at least 0
 * @param beta1       Adam's first-moment decay in [0, 1) (0 for SGD)
 * @param beta2       Adam's second-moment decay in [0, 1) (0 for SGD)
 * @param epsilon     Adam's epsilon, at least 0 (0 for SGD)
 */
public record OptimizerConfig(Kind kind, double momentum, boolean nesterov, double weightDecay,
                              double beta1, double beta2, double epsilon) implements java.io.Serializable {

    /** The update rule: stochastic gradient descent (with momentum, Nesterov, weight decay) or Adam. */
    public enum Kind { SGD, ADAM }

    /**
     * Checks every setting against PyTorch's rules and the kind (SGD's settings on Adam, or Adam's on SGD,
     * are refused rather than ignored), saying which is wrong.
     *
     * @throws IllegalArgumentException for a setting out of range or of the other kind
     */
    public OptimizerConfig {
        if (kind == null) {
            throw new IllegalArgumentException("an optimiser needs a kind (SGD or ADAM)");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be finite and at least 0, not " + weightDecay);
        }
        if (kind == Kind.SGD) {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("SGD momentum must be in [0, 1), not " + momentum);
            }
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("Nesterov SGD needs a momentum above 0 (PyTorch's rule), but it is 0");
            }
            if (beta1 != 0 || beta2 != 0 || epsilon != 0) {
                throw new IllegalArgumentException("betas and epsilon are Adam's; SGD has none");
            }
        } else {
            if (momentum != 0 || nesterov) {
                throw new IllegalArgumentException("momentum and Nesterov are SGD's; Adam has its own moments (betas)");
            }
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam's betas must be in [0, 1), not (" + beta1 + ", " + beta2 + ")");
            }
            if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("Adam's epsilon must be finite and at least 0, not " + epsilon);
            }
        }
    }

    /**
     * SGD as PyTorch's {@code torch.optim.SGD} starts: no momentum, no Nesterov, no weight decay;
     * set what differs and {@link Builder#build() build}.
     */
    public static Builder sgd() {
        return new Builder(Kind.SGD, 0, false, 0, 0, 0, 0);
    }

    /**
     * Adam as PyTorch's {@code torch.optim.Adam} starts: betas 0.9 and 0.999, epsilon 1e-8, no weight
     * decay (added to the gradient, not decoupled as AdamW); set what differs and {@link Builder#build() build}.
     */
    public static Builder adam() {
        return new Builder(Kind.ADAM, 0, false, 0, 0.9, 0.999, 1e-8);
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(kind, momentum, nesterov, weightDecay, beta1, beta2, epsilon);
    }

    /**
     * The settings beyond the optimiser's name and rate, for progress lines and reports: empty for plain SGD
     * and default Adam, else e.g. {@code " (momentum 0.9, Nesterov, weight decay 0.0005)"}.
     */
    public String details() {
        List<String> parts = new ArrayList<>();
        if (momentum > 0) {
            parts.add("momentum " + plain(momentum) + (nesterov ? ", Nesterov" : ""));
        }
        if (weightDecay > 0) {
            parts.add("weight decay " + plain(weightDecay));
        }
        if (kind == Kind.ADAM && (beta1 != 0.9 || beta2 != 0.999 || epsilon != 1e-8)) {
            parts.add("betas " + plain(beta1) + "/" + plain(beta2) + ", eps " + epsilon);
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /** The optimiser as one says it: {@code sgd (momentum 0.9, Nesterov)}, {@code adam}. */
    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + details();
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * Named settings for one optimiser, from {@link #sgd()}, {@link #adam()} or {@link #toBuilder()}.
     * {@link #build()} checks them all: a setting of the other kind (momentum on Adam, betas on SGD) is
     * refused, not ignored.
     */
    public static final class Builder {
        private final Kind kind;
        private double momentum;
        private boolean nesterov;
        private double weightDecay;
        private double beta1;
        private double beta2;
        private double epsilon;

        private Builder(Kind kind, double momentum, boolean nesterov, double weightDecay, double beta1, double beta2,
                        double epsilon) {
            this.kind = kind;
            this.momentum = momentum;
            this.nesterov = nesterov;
            this.weightDecay = weightDecay;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
        }

        /** SGD's momentum, in [0, 1); 0 is plain SGD. */
        public Builder momentum(double v) {
            momentum = v;
            return this;
        }

        /** Whether SGD's momentum is Nesterov's (needs a momentum above 0). */
        public Builder nesterov(boolean v) {
            nesterov = v;
            return this;
        }

        /** L2 weight decay added to every gradient, as PyTorch's {@code weight_decay}; 0 for none. */
        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        /** Adam's moment decays, PyTorch's {@code betas=(beta1, beta2)}. */
        public Builder betas(double b1, double b2) {
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        /** Adam's epsilon, PyTorch's {@code eps}. */
        public Builder epsilon(double v) {
            epsilon = v;
            return this;
        }

        /**
         * The checked settings.
         *
         * @throws IllegalArgumentException naming the setting out of range or of the other kind
         */
        public OptimizerConfig build() {
            return new OptimizerConfig(kind, momentum, nesterov, weightDecay, beta1, beta2, epsilon);
        }
    }
}
