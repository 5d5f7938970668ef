package dev.kiln.tool;

import dev.kiln.runtime.optim.LearningRateSchedule;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.FineTune;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.samples.Recipe;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The mixin of the verbs that train ({@code train}, and any other verb that writes the same run
 * directory): the optimiser, the schedule and the length of the run, each missing one taken from
 * the network's {@link Recipe}. {@link #config} turns them into the runtime's {@link TrainConfig}.
 */
public final class TrainOptions {
    /** The optimisers {@code --optimizer} names. */
    enum OptimizerChoice {
        SGD, ADAM;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code sgd} or {@code adam}, in any case. */
    static final class OptimizerConverter extends Converters.Choices<OptimizerChoice> {
        OptimizerConverter() {
            super(OptimizerChoice.class);
        }
    }

    /** The learning-rate schedules {@code --schedule} names. */
    enum ScheduleChoice {
        CONSTANT, COSINE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code constant} or {@code cosine}, in any case. */
    static final class ScheduleConverter extends Converters.Choices<ScheduleChoice> {
        ScheduleConverter() {
            super(ScheduleChoice.class);
        }
    }

    @Option(names = "--epochs", paramLabel = "N", converter = Converters.Positive.class,
            description = "passes over the training set (default 3; EdgeDetector 1; ColourShapes and image folders 10)")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", converter = Converters.Positive.class,
            description = "images per step (default 64; EdgeDetector 32)")
    Integer batch;

    @Option(names = "--lr", paramLabel = "X", converter = Converters.PositiveNumber.class,
            description = "learning rate (default 0.001 with Adam; ColourShapes 0.003; EdgeDetector 0.1 with SGD)")
    Double learningRate;

    @Option(names = "--optimizer", paramLabel = "sgd|adam", converter = OptimizerConverter.class,
            description = "the optimiser (default adam; EdgeDetector and batch-norm networks such as FashionResNet sgd)")
    OptimizerChoice optimizer;

    @Option(names = "--momentum", paramLabel = "X", converter = Converters.Fraction.class,
            description = "SGD momentum in [0, 1) (default 0; batch-norm networks 0.9)")
    Double momentum;

    @Option(names = "--nesterov", negatable = true, description = "Nesterov's momentum for SGD (default off; "
            + "batch-norm networks on; --no-nesterov turns it off)")
    Boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "X", converter = Converters.NonNegativeNumber.class,
            description = "L2 weight decay added to every gradient, as PyTorch's weight_decay (default 0; batch-norm "
                    + "networks 5e-4)")
    Double weightDecay;

    @Option(names = "--schedule", paramLabel = "constant|cosine", converter = ScheduleConverter.class,
            description = "the learning rate per step: constant, or cosine from --lr down to 0 over the whole run "
                    + "(default constant; batch-norm networks cosine)")
    ScheduleChoice schedule;

    @Option(names = "--seed", paramLabel = "N", converter = Converters.AnyLong.class,
            description = "seed of the weights, the validation split, the batch order and dropout (default 0)")
    long seed;

    @Option(names = "--validation", paramLabel = "F", converter = Converters.Fraction.class,
            description = "fraction of the training set held out for validation (default 0.1; EdgeDetector 0; "
                    + "0 trains on every image)")
    Double validation;

    @Option(names = "--patience", paramLabel = "N", converter = Converters.NonNegative.class,
            description = "stop after N epochs without a better validation loss (default 0: never)")
    int patience;

    @Option(names = "--max-steps", paramLabel = "N", converter = Converters.Positive.class,
            description = "at most N steps per epoch, for short runs (default: all)")
    int maxSteps;

    /** {@code --seed}: also the seed of a {@code --train-images} choice. */
    public long seed() {
        return seed;
    }

    /** Whether the learning rate follows the cosine schedule: {@code --schedule}, else the recipe's. */
    public boolean cosine(Recipe recipe) {
        return schedule != null ? schedule == ScheduleChoice.COSINE : recipe.cosine();
    }

    /**
     * The run's settings: these options over the recipe's defaults, the best model saved in
     * {@code checkpointDir}, starting as {@code fineTune} says.
     */
    public TrainConfig config(Recipe recipe, Path checkpointDir, FineTune fineTune) {
        return TrainConfig.builder()
                .epochs(epochs != null ? epochs : recipe.epochs())
                .batch(batch != null ? batch : recipe.batch())
                .learningRate(learningRate != null ? learningRate : recipe.learningRate())
                .optimizer(optimizer(recipe))
                .schedule(cosine(recipe) ? LearningRateSchedule.cosine(0) : LearningRateSchedule.constant())
                .seed(seed)
                .validationFraction(validation != null ? validation : recipe.validationFraction())
                .patience(patience).restoreBest(true)
                .checkpointDir(checkpointDir)
                .maxStepsPerEpoch(maxSteps)
                .fineTune(fineTune)
                .build();
    }

    /**
     * The optimiser from the options, each missing one taken from the recipe's defaults (momentum and
     * Nesterov only when the recipe's optimiser is the chosen one). Momentum and Nesterov are SGD's: given
     * with Adam they are an error, not silently dropped.
     */
    public OptimizerConfig optimizer(Recipe recipe) {
        OptimizerChoice chosen = optimizer != null ? optimizer : OptimizerChoice.valueOf(recipe.optimizer().toUpperCase(Locale.ROOT));
        boolean recipeDefaults = chosen.toString().equals(recipe.optimizer());
        double decay = weightDecay != null ? weightDecay : recipeDefaults ? recipe.weightDecay() : 0;
        if (chosen == OptimizerChoice.ADAM) {
            if (momentum != null || Boolean.TRUE.equals(nesterov)) {
                throw new UsageException("--momentum and --nesterov are SGD's; Adam has its own moments (use --optimizer sgd)");
            }
            return OptimizerConfig.adam().weightDecay(decay).build();
        }
        double m = momentum != null ? momentum : recipeDefaults ? recipe.momentum() : 0;
        boolean n = nesterov != null ? nesterov : recipeDefaults && recipe.nesterov() && m > 0;
        if (n && !(m > 0)) {
            throw new UsageException("--nesterov needs a momentum above 0 (e.g. --momentum 0.9), as PyTorch's SGD does");
        }
        return OptimizerConfig.sgd().momentum(m).nesterov(n).weightDecay(decay).build();
    }
}
