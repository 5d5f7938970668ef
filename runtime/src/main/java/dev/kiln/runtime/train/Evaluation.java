package dev.kiln.runtime.train;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.spec.NetworkSpec;
import java.util.List;
import java.util.Locale;

/**
 * A model's figures on a dataset: the mean loss, the accuracy, and for classifiers the confusion
 * matrix (rows: actual class, columns: predicted class) and per-class accuracy (recall: the share
 * of each actual class predicted right). Image-target tasks have a loss only; accuracy is NaN and
 * the matrix empty.
 */
public final class Evaluation {
    /** Images per inference call when the caller does not choose. */
    public static final int DEFAULT_BATCH = 256;

    private final double loss;
    private final int count;
    private final long[][] confusion;
    private final List<String> classNames;

    private Evaluation(double loss, int count, long[][] confusion, List<String> classNames) {
        this.loss = loss;
        this.count = count;
        this.confusion = confusion;
        this.classNames = List.copyOf(classNames);
    }

    /** Runs {@code backend} (inference, dropout off) over all of {@code data} in batches of {@link #DEFAULT_BATCH}. */
    public static Evaluation evaluate(Backend backend, Dataset data, Task task) {
        return evaluate(backend, data, task, DEFAULT_BATCH);
    }

    /**
     * Runs {@code backend} over all of {@code data} in batches of {@code batch} images (the trainer
     * passes its training batch, so the backend's plan stays as it is).
     */
    public static Evaluation evaluate(Backend backend, Dataset data, Task task, int batch) {
        NetworkSpec spec = backend.spec();
        task.check(spec, data);
        int n = data.size();
        int b = Math.min(batch, n);
        int inSize = spec.input().intSize();
        int outSize = spec.output().intSize();
        float[] input = new float[b * inSize];
        float[] outputs = new float[b * outSize];
        float[] targets = task.usesLabels() ? null : new float[b * outSize];
        int[] labels = new int[b];
        int classes = task.classes(data);
        long[][] confusion = new long[classes][classes];
        OutputLoss lossOf = new OutputLoss(spec);
        backend.plan(batch); // the caller's size, not a smaller one: a shrunk plan would be re-planned by the next big batch
        double lossSum = 0;
        for (int start = 0; start < n; start += b) {
            int count = Math.min(b, n - start);
            data.copyImages(start, count, input, 0);
            for (int i = 0; i < count; i++) {
                task.fill(spec, data, start + i, i, labels, targets);
            }
            backend.predict(input, count, outputs);
            for (int i = 0; i < count; i++) {
                lossSum += lossOf.of(outputs, i * outSize, labels[i], targets, i * outSize);
                if (task.hasAccuracy()) {
                    confusion[task.actualClass(data, start + i)][task.predictedClass(spec, outputs, i * outSize, classes)]++;
                }
            }
        }
        return new Evaluation(lossSum / n, n, confusion, task.classNames(data));
    }

    /**
     * The figures of given predictions: {@code actual[i]} and {@code predicted[i]} are class
     * indices in {@code [0, classNames.size())}; {@code loss} is recorded as given.
     */
    public static Evaluation of(int[] actual, int[] predicted, List<String> classNames, double loss) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(actual.length + " actual classes but " + predicted.length + " predictions");
        }
        int classes = classNames.size();
        long[][] confusion = new long[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("image " + i + ": actual " + actual[i] + ", predicted " + predicted[i]
                        + ", but classes are [0, " + classes + ")");
            }
            confusion[actual[i]][predicted[i]]++;
        }
        return new Evaluation(loss, actual.length, confusion, classNames);
    }

    /**
     * The figures of a confusion matrix counted elsewhere (e.g. summed over a cluster's partitions):
     * {@code confusion[actual][predicted]} image counts over {@code count} images, whose mean loss is
     * {@code loss}. The matrix is copied.
     */
    public static Evaluation of(long[][] confusion, List<String> classNames, double loss, int count) {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            if (confusion[i].length != confusion.length) {
                throw new IllegalArgumentException("a confusion matrix is square, but row " + i + " has "
                        + confusion[i].length + " columns for " + confusion.length + " rows");
            }
            copy[i] = confusion[i].clone();
        }
        if (copy.length != 0 && copy.length != classNames.size()) {
            throw new IllegalArgumentException(copy.length + " rows but " + classNames.size() + " class names");
        }
        return new Evaluation(loss, count, copy, classNames);
    }

    /** The mean loss per image. */
    public double loss() {
        return loss;
    }

    /** Images evaluated. */
    public int count() {
        return count;
    }

    /** The share of images whose predicted class is the actual one; NaN for image-target tasks. */
    public double accuracy() {
        if (confusion.length == 0 || count == 0) {
            return Double.NaN;
        }
        long right = 0;
        for (int c = 0; c < confusion.length; c++) {
            right += confusion[c][c];
        }
        return (double) right / count;
    }

    /** For each actual class, the share predicted right; NaN for a class with no images. */
    public double[] perClassAccuracy() {
        double[] acc = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            long total = 0;
            for (long v : confusion[c]) {
                total += v;
            }
            acc[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return acc;
    }

    /** A copy of the confusion matrix: {@code [actual][predicted]} image counts. */
    public long[][] confusion() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /** The class names, in label order: the rows and columns of {@link #confusion()}. */
    public List<String> classNames() {
        return classNames;
    }

    /** The confusion matrix as a text table with per-class accuracy, for terminals and logs. */
    public String confusionTable() {
        int classes = confusion.length;
        int nameWidth = 6;
        for (String n : classNames) {
            nameWidth = Math.max(nameWidth, n.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", "actual"));
        for (int c = 0; c < classes; c++) {
            sb.append(String.format(Locale.ROOT, " %6d", c));
        }
        sb.append("  accuracy\n");
        double[] acc = perClassAccuracy();
        for (int r = 0; r < classes; r++) {
            sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", classNames.get(r)));
            for (int c = 0; c < classes; c++) {
                sb.append(String.format(Locale.ROOT, " %6d", confusion[r][c]));
            }
            sb.append(Double.isNaN(acc[r]) ? "         -" : String.format(Locale.ROOT, "    %.4f", acc[r])).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "loss %.4f, accuracy %.4f on %d images", loss, accuracy(), count);
    }
}
