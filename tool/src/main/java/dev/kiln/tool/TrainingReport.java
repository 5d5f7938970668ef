package dev.kiln.tool;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.viz.ClassAccuracyPicture;
import dev.kiln.runtime.viz.ConfusionMatrixPicture;
import dev.kiln.runtime.viz.FilterPicture;
import dev.kiln.runtime.viz.HtmlReport;
import dev.kiln.runtime.viz.MachineInfo;
import dev.kiln.runtime.viz.Pngs;
import dev.kiln.runtime.viz.TrainingCurves;
import dev.kiln.samples.Recipe;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pictures and {@code report.html} of a training run: curves per epoch and per step, the
 * confusion matrix and per-class accuracy (classifiers), the first conv layer's filters, the
 * summary, the history table and the machine and backend. The pictures are also written as PNG
 * files beside the report.
 */
final class TrainingReport {
    private final KilnModel model;
    private final String backend;
    private final Recipe work;
    private final TrainConfig config;
    private final History history;
    private final StepRecorder steps;
    private final Evaluation evaluation;
    private final float[] params;

    TrainingReport(KilnModel model, String backend, Recipe work, TrainConfig config, History history,
                   StepRecorder steps, Evaluation evaluation, float[] params) {
        this.model = model;
        this.backend = backend;
        this.work = work;
        this.config = config;
        this.history = history;
        this.steps = steps;
        this.evaluation = evaluation;
        this.params = params;
    }

    void write(Path dir) throws IOException {
        NetworkSpec spec = model.spec();
        boolean classifier = work.task().hasAccuracy();
        HtmlReport page = HtmlReport.titled(spec.simpleName() + " trained on " + work.data());
        if (history.interrupted()) {
            page.result("interrupted", "in epoch " + history.interruptedEpoch() + " after step " + history.interruptedStep()
                    + "; continue with --resume");
        }
        if (evaluation != null) {
            if (classifier) {
                page.result("test accuracy", String.format(Locale.ROOT, "%.4f", evaluation.accuracy()));
            }
            page.result("test loss", String.format(Locale.ROOT, classifier ? "%.4f" : "%.6f", evaluation.loss()));
        }
        page.result("epochs", history.epochs().size() + (history.stoppedEarly() ? " (stopped early)" : ""));
        History.Epoch last = history.last();
        if (last != null) {
            page.result("images/s", String.format(Locale.ROOT, "%,.0f", last.imagesPerSecond()));
        }

        List<History.Epoch> epochs = history.epochs();
        if (!epochs.isEmpty()) {
            curves(page, dir, epochs, classifier);
        }
        if (steps.steps() > 1) {
            picture(page, dir, "Step by step (running mean within each epoch)", "steps.png",
                    TrainingCurves.steps(steps.loss(), classifier ? steps.accuracy() : null));
        }
        writeRest(page, dir, spec, classifier, epochs);
    }

    private void curves(HtmlReport page, Path dir, List<History.Epoch> epochs, boolean classifier) throws IOException {
        double[] trainLoss = column(epochs, History.Epoch::trainLoss);
        double[] validationLoss = column(epochs, History.Epoch::validationLoss);
        BufferedImage curves = TrainingCurves.render(trainLoss, allNaN(validationLoss) ? null : validationLoss,
                classifier ? column(epochs, History.Epoch::trainAccuracy) : null,
                classifier && !allNaN(column(epochs, History.Epoch::validationAccuracy))
                        ? column(epochs, History.Epoch::validationAccuracy) : null);
        picture(page, dir, "Training curves", "curves.png", curves);
    }

    private void writeRest(HtmlReport page, Path dir, NetworkSpec spec, boolean classifier, List<History.Epoch> epochs)
            throws IOException {
        if (classifier && evaluation != null) {
            long[][] confusion = evaluation.confusion();
            picture(page, dir, "Confusion matrix on the test set", "confusion.png",
                    ConfusionMatrixPicture.render(confusion, evaluation.classNames()));
            picture(page, dir, "Accuracy per class on the test set", "class-accuracy.png",
                    ClassAccuracyPicture.render(confusion, evaluation.classNames()));
        }
        ParamSpec firstConv = spec.params().stream()
                .filter(p -> !p.isBias() && spec.layers().get(p.layerIndex()) instanceof Conv2dOp)
                .findFirst().orElse(null);
        if (firstConv != null) {
            float[] w = Arrays.copyOfRange(params, firstConv.offset(), firstConv.offset() + firstConv.size());
            picture(page, dir, "Learned filters of " + firstConv.name(), "filters-" + spec.layers().get(firstConv.layerIndex()).name()
                    + ".png", FilterPicture.render(spec.simpleName() + " " + firstConv.name() + " " + shapeText(firstConv.shape()),
                    w, firstConv.shape()));
            if (!classifier) {
                page.text("Learned kernel", Kernels.format(params, firstConv));
            }
        }
        page.summary(model.summary());
        page.table("History", List.of("epoch", "train loss", "train accuracy", "validation loss", "validation accuracy",
                "images/s", "seconds", "learning rate"), rows(epochs));
        Map<String, String> run = new LinkedHashMap<>();
        run.put("backend", backend);
        run.put("data", work.data());
        run.put("optimizer", config.optimizer().kind().name().toLowerCase(Locale.ROOT) + config.optimizer().details()
                + ", learning rate "
                + Kernels.plain(config.learningRate()) + ", batch " + config.batch());
        run.put("seed", Long.toString(config.seed()));
        run.put("epochs", config.epochs() + " requested, " + epochs.size() + " run, best " + history.bestEpoch()
                + (history.restoredBest() ? " (its weights restored)" : ""));
        if (config.maxStepsPerEpoch() > 0) {
            run.put("steps per epoch", "at most " + config.maxStepsPerEpoch() + " (a short run)");
        }
        if (evaluation != null) {
            run.put("test images", String.format(Locale.ROOT, "%,d", evaluation.count()));
        }
        page.facts("Run", run);
        page.facts("Machine", MachineInfo.describe());
        page.write(dir.resolve(RunDirectory.REPORT_FILE));
    }

    private static void picture(HtmlReport page, Path dir, String heading, String file, BufferedImage image) throws IOException {
        Pngs.write(image, dir.resolve(file));
        page.picture(heading, image);
    }

    private static List<List<String>> rows(List<History.Epoch> epochs) {
        List<List<String>> rows = new ArrayList<>();
        for (History.Epoch e : epochs) {
            rows.add(List.of(Integer.toString(e.epoch()), number(e.trainLoss()), number(e.trainAccuracy()),
                    number(e.validationLoss()), number(e.validationAccuracy()),
                    String.format(Locale.ROOT, "%,.0f", e.imagesPerSecond()), String.format(Locale.ROOT, "%.1f", e.seconds()),
                    Kernels.plain(e.learningRate())));
        }
        return rows;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String shapeText(int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(')').toString();
    }

    private static double[] column(List<History.Epoch> epochs, java.util.function.ToDoubleFunction<History.Epoch> f) {
        return epochs.stream().mapToDouble(f).toArray();
    }

    private static boolean allNaN(double[] values) {
        return Arrays.stream(values).allMatch(Double::isNaN);
    }
}
