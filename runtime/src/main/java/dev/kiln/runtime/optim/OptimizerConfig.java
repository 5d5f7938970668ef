package dev.kiln.runtime.optim;

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
 * The learning rate is passed per step, so schedules live in the trainer.
 */
public record OptimizerConfig(Kind kind, double momentum, boolean nesterov, double weightDecay,
                              double beta1, double beta2, double epsilon) implements java.io.Serializable {

    /** The update rule: stochastic gradient descent (with momentum, Nesterov, weight decay) or Adam. */
    public enum Kind { SGD, ADAM }

    /**
     * SGD as PyTorch's {@code torch.optim.SGD}: {@code momentum} 0 for plain SGD, {@code nesterov} only with
     * momentum, {@code weightDecay} 0 for none.
     */
    public static OptimizerConfig sgd(double momentum, boolean nesterov, double weightDecay) {
        return new OptimizerConfig(Kind.SGD, momentum, nesterov, weightDecay, 0, 0, 0);
    }

    /** Adam with PyTorch's defaults: betas 0.9 and 0.999, epsilon 1e-8, no weight decay. */
    public static OptimizerConfig adam() {
        return new OptimizerConfig(Kind.ADAM, 0, false, 0, 0.9, 0.999, 1e-8);
    }

    /** Adam as PyTorch's {@code torch.optim.Adam} (weight decay added to the gradient, not decoupled as AdamW). */
    public static OptimizerConfig adam(double beta1, double beta2, double epsilon, double weightDecay) {
        return new OptimizerConfig(Kind.ADAM, 0, false, weightDecay, beta1, beta2, epsilon);
    }

    /**
     * The settings beyond the optimiser's name and rate, for progress lines and reports: empty for plain SGD
     * and default Adam, else e.g. {@code " (momentum 0.9, Nesterov, weight decay 0.0005)"}.
     */
    public String details() {
        java.util.List<String> parts = new java.util.ArrayList<>();
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

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
