package dev.kiln.runtime.data;

/**
 * Mini-batches of a dataset in a seeded random order that changes every epoch: the order of epoch
 * {@code e} depends only on {@code (seed, e)}, so a run can resume at any epoch and still see the
 * same batches. {@link #fill} copies a batch into buffers the caller owns and allocates nothing,
 * so the training loop stays allocation-free. The last batch of an epoch may be smaller; callers
 * that want only full batches loop to {@link #fullCount()}.
 *
 * <pre>{@code
 * Batches batches = Batches.shuffled(train, 64, seed);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     batches.startEpoch(epoch);
 *     for (int b = 0; b < batches.count(); b++) {
 *         int n = batches.fill(b, images, labels); // images: batchSize * C*H*W floats, labels: batchSize ints
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class Batches {
    private final Dataset data;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final int[] order;
    private final int imageSize;

    private Batches(Dataset data, int batchSize, long seed, boolean shuffle) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(data.name() + ": batch size " + batchSize + " must be at least 1");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.order = new int[data.size()];
        this.imageSize = data.shape().intSize();
        startEpoch(0);
    }

    /** Batches in a random order drawn from {@code (seed, epoch)} at every {@link #startEpoch}. */
    public static Batches shuffled(Dataset data, int batchSize, long seed) {
        return new Batches(data, batchSize, seed, true);
    }

    /** Batches in the dataset's own order, for evaluation. */
    public static Batches inOrder(Dataset data, int batchSize) {
        return new Batches(data, batchSize, 0, false);
    }

    /** Sets the order of epoch {@code epoch} (0-based); the constructor starts epoch 0. */
    public void startEpoch(int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (!shuffle) {
            return;
        }
        long state = seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L));
        for (int i = order.length - 1; i > 0; i--) {
            state += 0x9E3779B97F4A7C15L;
            int j = (int) Math.floorMod(mix(state), (long) (i + 1));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** SplitMix64's output function. The modulo bias over at most 2^31 values is below 2^-32. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Batches per epoch, the last possibly smaller. */
    public int count() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** Full batches per epoch. */
    public int fullCount() {
        return order.length / batchSize;
    }

    /** Images per batch (the last batch of an epoch may hold fewer). */
    public int batchSize() {
        return batchSize;
    }

    /** The dataset the batches are drawn from. */
    public Dataset data() {
        return data;
    }

    /** Images in batch {@code batch}: {@code batchSize}, or fewer for the last one. */
    public int size(int batch) {
        checkBatch(batch);
        return Math.min(batchSize, order.length - batch * batchSize);
    }

    /** The dataset index of the {@code i}-th image of batch {@code batch} in this epoch's order. */
    public int index(int batch, int i) {
        return order[batch * batchSize + i];
    }

    /**
     * Copies batch {@code batch} of the current epoch into {@code images} ({@code (n, C, H, W)}
     * flat, from index 0) and {@code labels}, and returns {@code n}, the number of images copied.
     */
    public int fill(int batch, float[] images, int[] labels) {
        int n = size(batch);
        if (images.length < n * imageSize || labels.length < n) {
            throw new IllegalArgumentException(data.name() + ": batch " + batch + " holds " + n + " images of "
                    + imageSize + " floats, but the buffers hold " + images.length + " floats and " + labels.length
                    + " labels");
        }
        int first = batch * batchSize;
        int[] sourceLabels = data.labels();
        for (int k = 0; k < n; k++) {
            int index = order[first + k];
            data.copyImage(index, images, k * imageSize);
            labels[k] = sourceLabels[index];
        }
        return n;
    }

    private void checkBatch(int batch) {
        if (batch < 0 || batch >= count()) {
            throw new IndexOutOfBoundsException(data.name() + ": batch " + batch + " is outside [0, " + count() + ")");
        }
    }
}
