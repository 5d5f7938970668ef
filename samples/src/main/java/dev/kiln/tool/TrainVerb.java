package dev.kiln.tool;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.ProgressBar;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainListener;
import dev.kiln.runtime.io.InitReport;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code kiln train SPEC}: trains on the spec's {@link Workload}, writes the best weights, the
 * history CSV and {@code report.html} to {@code --out}, and ends with {@code test accuracy: 0.xxxx}
 * for a classifier, or the learned kernel for the edge detector.
 */
final class TrainVerb implements Verb {
    static final String HISTORY_FILE = "history.csv";
    static final String REPORT_FILE = "report.html";

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String description() {
        return "train on the spec's data; write best weights, history CSV and report.html to --out";
    }

    @Override
    public String synopsis() {
        return "train SPEC [--epochs N] [--batch N] [--lr X] [--optimizer sgd|adam] [--seed N] [--out DIR] [--data DIR] [--init-from FILE] [--freeze L,...] [options]";
    }

    @Override
    public List<Option> options() {
        List<Option> options = new java.util.ArrayList<>(List.of(
                Option.value("epochs", "N", "passes over the training set (default 3; EdgeDetector 1; ColourShapes and image folders 10)"),
                Option.value("batch", "N", "images per step (default 64; EdgeDetector 32)"),
                Option.value("lr", "X", "learning rate (default 0.001 with Adam; ColourShapes 0.003; EdgeDetector 0.1 with SGD)"),
                Option.value("optimizer", "sgd|adam", "the optimiser (default adam; EdgeDetector sgd)"),
                Option.value("seed", "N", "seed of the weights, the validation split, the batch order and dropout (default 0)"),
                Option.value("out", "DIR", "where best.safetensors, history.csv and report.html go (default runs/SPEC)"),
                Option.value("validation", "F", "fraction of the training set held out for validation (default 0.1; "
                        + "EdgeDetector 0; 0 trains on every image)"),
                Option.value("patience", "N", "stop after N epochs without a better validation loss (default 0: never)"),
                Option.value("max-steps", "N", "at most N steps per epoch, for short runs (default: all)")));
        options.addAll(DataOptions.OPTIONS);
        options.addAll(TransferOptions.OPTIONS);
        return options;
    }

    @Override
    public int run(Args args, Session session) throws Exception {
        KilnModel model = session.model(args.single("spec name"));
        NetworkSpec spec = model.spec();
        DataOptions dataOptions = DataOptions.from(args);
        TransferOptions transfer = TransferOptions.from(args);
        long seed = args.longValue("seed", 0);
        DataLoading.Prepared data = DataLoading.load(spec, dataOptions, true, java.util.Map.of(), seed, session.out);
        Workload work = data.work();
        String optimizerName = args.choice("optimizer", work.optimizer(), List.of("sgd", "adam"));
        OptimizerConfig optimizer = optimizerName.equals("sgd") ? OptimizerConfig.sgd(0, false, 0) : OptimizerConfig.adam();
        Path out = args.path("out", Path.of("runs", spec.simpleName()));
        Files.createDirectories(out);
        TrainConfig config = TrainConfig.defaults()
                .withEpochs(args.integer("epochs", work.epochs(), 1))
                .withBatch(args.integer("batch", work.batch(), 1))
                .withLearningRate(args.positive("lr", work.learningRate()))
                .withOptimizer(optimizer)
                .withSeed(seed)
                .withValidationFraction(args.fraction("validation", work.validationFraction()))
                .withEarlyStopping(args.integer("patience", 0, 0), true)
                .withCheckpointDir(out)
                .withMaxStepsPerEpoch(args.integer("max-steps", 0, 1))
                .withFineTune(transfer.fineTune());
        // Unknown layers fail now, before any work.
        config.fineTune().groups(spec);
        Dataset train = data.train();
        Dataset test = data.test();
        Task task = work.task();

        try (Backend backend = session.backend(model, optimizer)) {
            boolean terminal = session.out == System.out && System.console() != null;
            StepRecorder steps = new StepRecorder();
            TrainListener initReport = new TrainListener() {
                @Override
                public void onInitFrom(Path file, InitReport report) {
                    session.out.println(report.describe(file.toString()));
                }
            };
            History history = new Trainer(backend, task, config).listen(initReport)
                    .listen(new ProgressBar(session.out, terminal)).listen(steps).fit(train);
            Evaluation evaluation = Evaluation.evaluate(backend, test, task);
            float[] params = new float[spec.parameterCount()];
            backend.getParameters(params);
            history.writeCsv(out.resolve(HISTORY_FILE));
            TrainingReport report = new TrainingReport(model, backend.description(), work, config, history, steps,
                    evaluation, params);
            report.write(out);
            session.out.println("wrote " + config.checkpointFile() + ", " + out.resolve(HISTORY_FILE) + " and "
                    + out.resolve(REPORT_FILE));
            if (task.hasAccuracy()) {
                session.out.printf(Locale.ROOT, "test loss: %.4f%n", evaluation.loss());
                session.out.printf(Locale.ROOT, "test accuracy: %.4f%n", evaluation.accuracy());
            } else {
                printKernels(session, spec, params);
                session.out.printf(Locale.ROOT, "test loss: %.6f%n", evaluation.loss());
            }
        }
        return 0;
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
