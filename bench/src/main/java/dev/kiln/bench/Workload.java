package dev.kiln.bench;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The batches one measurement cycles through, the same for every contestant: for Fashion-MNIST
 * networks cut once from the training set in its file order (cycling through a few dozen real batches
 * keeps the data realistic: ReLU sparsity, dropout, without copying per step); for 3x224x224 networks
 * pixels drawn uniformly from [0, 1) with a fixed seed and random labels (what the images show does not
 * change the work a CNN does; a few batches keep the heap small).
 */
final class Workload {
    /** Batches every contestant cycles through in training and in inference. */
    static final int TRAINING_BATCHES = 40;
    static final int INFERENCE_BATCHES = 8;
    /** For 3x224x224 inputs: 600 kB an image. */
    static final int RGB_BATCHES = 2;
    static final long RGB_SEED = 2024;
    static final int RGB_CLASSES = 1000;

    private Workload() {
    }

    /** {@code count} batches of {@code batch} images for {@code network} (fewer for 224x224 networks). */
    static Batch[] batches(BenchNetwork network, int batch, int count, Dataset fashion) {
        if (network.input() == BenchNetwork.Input.FASHION_MNIST) {
            return slice(fashion == null ? FashionMnist.train(null) : fashion, batch, count);
        }
        return rgb(batch, Math.min(count, RGB_BATCHES));
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

    /** Seeded random 3x224x224 images and labels. */
    static Batch[] rgb(int batch, int count) {
        SplittableRandom r = new SplittableRandom(RGB_SEED + batch);
        Batch[] out = new Batch[count];
        for (int b = 0; b < count; b++) {
            float[] images = new float[batch * 3 * 224 * 224];
            for (int i = 0; i < images.length; i++) {
                images[i] = (float) r.nextDouble();
            }
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = r.nextInt(RGB_CLASSES);
            }
            out[b] = new Batch(images, labels, batch);
        }
        return out;
    }
}
