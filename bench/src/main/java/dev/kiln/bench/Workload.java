package dev.kiln.bench;

import dev.kiln.runtime.data.Dataset;
import java.util.Arrays;

/**
 * The batches one measurement cycles through, cut once from the training set in its file order so
 * that every contestant sees exactly the same images. Cycling through a few dozen real batches keeps
 * the data realistic (ReLU sparsity, dropout) without copying per step.
 */
final class Workload {
    /** Batches every contestant cycles through in training and in inference. */
    static final int TRAINING_BATCHES = 40;
    static final int INFERENCE_BATCHES = 8;

    private Workload() {
    }

    static Batch[] slice(Dataset data, int batch, int count) {
        int pixels = data.shape().intSize();
        Batch[] out = new Batch[count];
        for (int b = 0; b < count; b++) {
            int first = (b * batch) % (data.size() - batch + 1);
            float[] images = Arrays.copyOfRange(data.images(), first * pixels, (first + batch) * pixels);
            int[] labels = Arrays.copyOfRange(data.labels(), first, first + batch);
            out[b] = new Batch(images, labels, batch);
        }
        return out;
    }
}
