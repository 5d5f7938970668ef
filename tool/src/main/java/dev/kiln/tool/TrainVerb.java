package dev.kiln.tool;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.Schedule;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.ProgressBar;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.FineTune;
import dev.kiln.runtime.train.TrainListener;
import dev.kiln.runtime.train.TrainingState;
import dev.kiln.runtime.io.InitReport;
import dev.kiln.samples.Recipe;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln train SPEC}: trains on the spec's {@link Recipe}, writes the best weights, the
 * history CSV and {@code report.html} to {@code --out}, and ends with {@code test accuracy: 0.xxxx}
 * for a classifier, or the learned kernel for the edge detector.
 */
@Command(name = "train", description = "train on the spec's data or an image folder; write best weights, history CSV and "
        + "report.html to --out")
final class TrainVerb extends Verb {
    static final String HISTORY_FILE = "history.csv";
    static final String REPORT_FILE = "report.html";
    /** The exit status of a run stopped by Ctrl-C (128 + SIGINT, as shells report it). */
    static final int INTERRUPTED = 130;

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

    @Mixin
    ModelOptions network;

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

    @Option(names = "--out", paramLabel = "DIR", description = "where best.safetensors, history.csv and report.html go "
            + "(default runs/SPEC)")
    Path out;

    @Mixin
    DataOption data;

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

    @Option(names = "--train-images", paramLabel = "N", converter = Converters.Positive.class,
            description = "train on at most N images (a seeded choice; default all)")
    int trainImages;

    @Mixin
    TransferOptions transfer;

    @Option(names = "--overwrite", description = "replace the results of an earlier run in --out (without it, kiln refuses)")
    boolean overwrite;

    @Option(names = "--resume", description = "continue the interrupted or finished run in --out from its last saved state "
            + "(training-state.safetensors), with the same options; gives the same result as a run never interrupted")
    boolean resume;

    @Mixin
    BackendOptions backends;

    @Override
    int run(Session session) throws Exception {
        KilnModel model = network.model();
        NetworkSpec spec = model.spec();
        if (overwrite && resume) {
            throw new UsageException("--overwrite and --resume exclude each other: one replaces the earlier run, the other "
                    + "continues it");
        }
        FineTune fineTune = transfer.fineTune();
        // Unknown layers fail now, before the data is read.
        fineTune.groups(spec);
        DataLoading.Prepared prepared = DataLoading.load(spec, data.options(trainImages), true, Map.of(), seed, session.out);
        Recipe work = prepared.work();
        OptimizerConfig optimizerConfig = optimizer(work);
        boolean cosine = schedule != null ? schedule == ScheduleChoice.COSINE : work.cosine();
        Path dir = out != null ? out : Path.of("runs", spec.simpleName());
        TrainConfig config = TrainConfig.defaults()
                .withEpochs(epochs != null ? epochs : work.epochs())
                .withBatch(batch != null ? batch : work.batch())
                .withLearningRate(learningRate != null ? learningRate : work.learningRate())
                .withOptimizer(optimizerConfig)
                .withSchedule(cosine ? Schedule.cosine(0) : Schedule.constant())
                .withSeed(seed)
                .withValidationFraction(validation != null ? validation : work.validationFraction())
                .withEarlyStopping(patience, true)
                .withCheckpointDir(dir)
                .withMaxStepsPerEpoch(maxSteps)
                .withFineTune(fineTune);
        Dataset train = prepared.train();
        Dataset test = prepared.test();
        Task task = work.task();

        try (OutputDir output = OutputDir.open(dir, overwrite, resume);
             Backend backend = backends.open(model, optimizerConfig, session.out)) {
            TrainingState state = resume ? TrainingState.read(output.resolve(TrainingState.FILE)) : null;
            boolean terminal = session.out == System.out && System.console() != null;
            StepRecorder steps = new StepRecorder();
            TrainListener initReport = new TrainListener() {
                @Override
                public void onInitFrom(Path file, InitReport report) {
                    session.out.println(report.describe(file.toString()));
                }
            };
            Trainer trainer = new Trainer(backend, task, config).listen(initReport)
                    .listen(new ProgressBar(session.out, terminal)).listen(steps);
            if (state != null) {
                trainer.resumeFrom(state);
            }
            History history;
            try (CtrlC ctrlC = CtrlC.stopping(trainer)) {
                history = trainer.fit(train);
                float[] params = new float[spec.parameterCount()];
                backend.getParameters(params);
                Evaluation evaluation = history.interrupted() ? null : Evaluation.evaluate(backend, test, task);
                history.writeCsv(output.resolve(HISTORY_FILE));
                new TrainingReport(model, backend.description(), work, config, history, steps, evaluation, params).write(dir);
                if (history.interrupted()) {
                    session.out.println("interrupted in epoch " + history.interruptedEpoch() + " after step "
                            + history.interruptedStep() + ": wrote " + output.resolve(HISTORY_FILE) + ", "
                            + output.resolve(REPORT_FILE) + " and " + output.resolve(TrainingState.FILE)
                            + (history.bestEpoch() > 0 ? " (best so far: epoch " + history.bestEpoch() + " in "
                            + config.checkpointFile() + ")" : "") + "; continue with --resume");
                    return INTERRUPTED;
                }
                session.out.println("wrote " + config.checkpointFile() + ", " + output.resolve(HISTORY_FILE) + " and "
                        + output.resolve(REPORT_FILE));
                if (task.hasAccuracy()) {
                    session.out.printf(Locale.ROOT, "test loss: %.4f%n", evaluation.loss());
                    session.out.printf(Locale.ROOT, "test accuracy: %.4f%n", evaluation.accuracy());
                } else {
                    printKernels(session, spec, params);
                    session.out.printf(Locale.ROOT, "test loss: %.6f%n", evaluation.loss());
                }
            }
        }
        return 0;
    }

    /**
     * The optimiser from the options, each missing one taken from the workload's defaults (momentum and
     * Nesterov only when the workload's optimiser is the chosen one). Momentum and Nesterov are SGD's: given
     * with Adam they are an error, not silently dropped.
     */
    OptimizerConfig optimizer(Recipe work) {
        OptimizerChoice chosen = optimizer != null ? optimizer : OptimizerChoice.valueOf(work.optimizer().toUpperCase(Locale.ROOT));
        boolean workDefaults = chosen.toString().equals(work.optimizer());
        double decay = weightDecay != null ? weightDecay : workDefaults ? work.weightDecay() : 0;
        if (chosen == OptimizerChoice.ADAM) {
            if (momentum != null || Boolean.TRUE.equals(nesterov)) {
                throw new UsageException("--momentum and --nesterov are SGD's; Adam has its own moments (use --optimizer sgd)");
            }
            return OptimizerConfig.adam(0.9, 0.999, 1e-8, decay);
        }
        double m = momentum != null ? momentum : workDefaults ? work.momentum() : 0;
        boolean n = nesterov != null ? nesterov : workDefaults && work.nesterov() && m > 0;
        if (n && !(m > 0)) {
            throw new UsageException("--nesterov needs a momentum above 0 (e.g. --momentum 0.9), as PyTorch's SGD does");
        }
        return OptimizerConfig.sgd(m, n, decay);
    }

    /** The learned kernel of a one-filter network, with its largest distance from the edge kernel. */
    private static void printKernels(Session session, NetworkSpec spec, float[] params) {
        ParamSpec weight = spec.params().get(0);
        int[] shape = weight.shape();
        session.out.println("learned kernel " + weight.name() + ":");
        session.out.print(Kernels.format(params, weight));
        if (shape.length == 4 && shape[0] == 1 && shape[1] == 1 && shape[2] == 3 && shape[3] == 3) {
            session.out.printf(Locale.ROOT, "largest difference from the edge kernel [[-1,-1,-1],[0,0,0],[1,1,1]]: %.4f%n",
                    Kernels.maxDifference(params, weight.offset(), Kernels.EDGE));
        }
    }
}
