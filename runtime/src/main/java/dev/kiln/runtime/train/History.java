package dev.kiln.runtime.train;

import dev.kiln.runtime.io.OutputFiles;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a training run recorded, one {@link Epoch} per epoch, and how it ended. Values that do not
 * apply (validation without a validation set, accuracy of an image-target task) are NaN, and empty
 * fields in the CSV.
 */
public final class History {

    /** The CSV header, one column per {@link Epoch} component. */
    public static final String CSV_HEADER =
            "epoch,train_loss,train_accuracy,val_loss,val_accuracy,images_per_second,seconds,learning_rate";

    /**
     * The figures of one epoch, one line of {@code history.csv}.
     *
     * @param epoch              1-based
     * @param trainLoss          mean loss of the epoch's training steps (dropout on, weights changing, as Keras reports it)
     * @param trainAccuracy      accuracy of those steps' outputs
     * @param validationLoss     loss on the validation set after the epoch (dropout off)
     * @param validationAccuracy accuracy on the validation set after the epoch
     * @param imagesPerSecond    training images per second of the training steps alone
     * @param seconds            wall time of the epoch, training and validation
     * @param learningRate       the learning rate of the epoch's last step
     */
    public record Epoch(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                        double validationAccuracy, double imagesPerSecond, double seconds, double learningRate) {

        /** The loss early stopping watches: the validation loss, or the training loss without a validation set. */
        public double monitoredLoss() {
            return Double.isNaN(validationLoss) ? trainLoss : validationLoss;
        }

        String csv() {
            return epoch + "," + fixed(trainLoss, 6) + "," + fixed(trainAccuracy, 4) + "," + fixed(validationLoss, 6) + ","
                    + fixed(validationAccuracy, 4) + "," + fixed(imagesPerSecond, 1) + "," + fixed(seconds, 3) + ","
                    + (Double.isNaN(learningRate) ? "" : plain(learningRate));
        }
    }

    private final List<Epoch> epochs = new ArrayList<>();
    private int bestEpoch;
    private boolean stoppedEarly;
    private boolean restoredBest;

    /** An empty history, to which the trainer adds each epoch. */
    public History() {
    }

    /** Records an epoch; {@code best} when it is the best so far. */
    public void add(Epoch epoch, boolean best) {
        epochs.add(epoch);
        if (best) {
            bestEpoch = epoch.epoch();
        }
    }

    private int interruptedEpoch;
    private int interruptedStep;

    /** Records that the run stopped on request in {@code epoch} after {@code stepsDone} of its steps (trainers call it). */
    public void markInterrupted(int epoch, int stepsDone) {
        interruptedEpoch = epoch;
        interruptedStep = stepsDone;
    }

    /** Whether the run was asked to stop ({@link Trainer#requestStop()}) before its end. */
    public boolean interrupted() {
        return interruptedEpoch > 0;
    }

    /** The epoch in progress when the run was interrupted, 0 when it was not. */
    public int interruptedEpoch() {
        return interruptedEpoch;
    }

    /** The steps of that epoch done before the interruption. */
    public int interruptedStep() {
        return interruptedStep;
    }

    /** Records that early stopping ended the run (trainers call it). */
    public void markStoppedEarly() {
        stoppedEarly = true;
    }

    /** Records that the best epoch's weights were restored at the end (trainers call it). */
    public void markRestoredBest() {
        restoredBest = true;
    }

    /** The epochs recorded so far, in order (a copy). */
    public List<Epoch> epochs() {
        return List.copyOf(epochs);
    }

    /** The last epoch, or null before the first. */
    public Epoch last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /** The 1-based epoch with the lowest monitored loss, 0 before the first. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best epoch's record, or null before the first. */
    public Epoch best() {
        return bestEpoch == 0 ? null : epochs.get(bestEpoch - 1);
    }

    /** Whether early stopping ended the run before its last epoch. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** Whether the best epoch's parameters were put back at the end. */
    public boolean restoredBest() {
        return restoredBest;
    }

    /** The history as CSV: {@link #CSV_HEADER}, then one line per epoch, {@code \n} line ends. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Epoch e : epochs) {
            sb.append(e.csv()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@link #toCsv()} to {@code file}, through a temporary file and a rename so a reader never
     * sees half of it, with the mode the user's umask gives new files ({@link dev.kiln.runtime.io.OutputFiles}).
     */
    public void writeCsv(Path file) {
        OutputFiles.writeString(file, toCsv());
    }

    /** A rate as people write it: 6 significant digits, no exponent, no trailing zeros ({@code 0.001}). */
    public static String plain(double v) {
        return new BigDecimal(v, new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
