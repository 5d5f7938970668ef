package dev.kiln.runtime.optim;

/**
 * Learning-rate schedules: constant, step (gamma every k epochs), cosine (to a floor over total
 * steps). The trainer asks for each step's rate; epochs and steps count from 0.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The learning rate for optimiser step {@code step} (of {@code totalSteps}) in epoch {@code epoch}.
     */
    double rate(double baseRate, int epoch, long step, long totalSteps);

    /** The base rate throughout. */
    static LearningRateSchedule constant() {
        return (base, epoch, step, total) -> base;
    }

    /** PyTorch's {@code StepLR}: {@code base * gamma^floor(epoch / everyEpochs)}. */
    static LearningRateSchedule step(int everyEpochs, double gamma) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("a step schedule decays every 1 or more epochs, not " + everyEpochs);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("a step schedule's gamma must be finite and above 0, not " + gamma);
        }
        return (base, epoch, step, total) -> base * Math.pow(gamma, Math.max(epoch, 0) / everyEpochs);
    }

    /**
     * PyTorch's {@code CosineAnnealingLR} over the whole run, per step:
     * {@code floor + (base - floor) (1 + cos(pi step / totalSteps)) / 2} with
     * {@code floor = floorFraction * base}; the floor from the last step on.
     */
    static LearningRateSchedule cosine(double floorFraction) {
        if (!(floorFraction >= 0 && floorFraction <= 1)) {
            throw new IllegalArgumentException("a cosine schedule's floor is a fraction of the base rate in [0, 1], not "
                    + floorFraction);
        }
        return (base, epoch, step, total) -> {
            double floor = floorFraction * base;
            if (total <= 0) {
                return base;
            }
            double progress = Math.min(Math.max((double) step / total, 0), 1);
            return floor + (base - floor) * (1 + Math.cos(Math.PI * progress)) / 2;
        };
    }
}
