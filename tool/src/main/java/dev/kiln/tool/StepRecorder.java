package dev.kiln.tool;

import dev.kiln.runtime.train.TrainListener;
import java.util.Arrays;

/** Keeps the running loss and accuracy after every training step, for the report's step curves. */
final class StepRecorder implements TrainListener {
    private double[] loss = new double[1024];
    private double[] accuracy = new double[1024];
    private int count;

    @Override
    public void onStep(int epoch, int step, int steps, double meanLoss, double meanAccuracy, double imagesPerSecond) {
        if (count == loss.length) {
            loss = Arrays.copyOf(loss, count * 2);
            accuracy = Arrays.copyOf(accuracy, count * 2);
        }
        loss[count] = meanLoss;
        accuracy[count] = meanAccuracy;
        count++;
    }

    double[] loss() {
        return Arrays.copyOf(loss, count);
    }

    /** The accuracy per step, or null when the task has none (all NaN). */
    double[] accuracy() {
        double[] a = Arrays.copyOf(accuracy, count);
        return Arrays.stream(a).allMatch(Double::isNaN) ? null : a;
    }

    int steps() {
        return count;
    }
}
