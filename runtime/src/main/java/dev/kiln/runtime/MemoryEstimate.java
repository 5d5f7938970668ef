package dev.kiln.runtime;

import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.Op;
import dev.kiln.spec.NetworkSpec;
import java.util.Locale;

/**
 * How much memory training a network takes, worked out from its shapes before anything is
 * allocated: the parameters, their gradients, the optimiser's state (Adam two floats per parameter,
 * SGD with momentum one), and per image the input and every layer's output with its gradient (the
 * activations the backward pass needs). An estimate of the large arrays, not of every object.
 *
 * @param parameterBytes          the parameters
 * @param gradientBytes           their gradients
 * @param optimizerBytes          the optimiser's moments
 * @param activationBytesPerImage values and gradients of the input and every layer's output, for one image
 * @param batch                   images per step
 */
public record MemoryEstimate(long parameterBytes, long gradientBytes, long optimizerBytes, long activationBytesPerImage,
                             int batch) {
    private static final long FLOAT = 4;

    /** The estimate for training {@code spec} in batches of {@code batch} with {@code optimizer}. */
    public static MemoryEstimate of(NetworkSpec spec, int batch, OptimizerConfig optimizer) {
        long params = spec.parameterCount() * FLOAT;
        int moments = optimizer.kind() == OptimizerConfig.Kind.ADAM ? 2 : optimizer.momentum() != 0 ? 1 : 0;
        long perImage = spec.input().size();
        for (Op layer : spec.layers()) {
            perImage += layer.output().size();
        }
        return new MemoryEstimate(params, params, moments * params, 2 * FLOAT * perImage, batch);
    }

    /** The activations of a whole batch. */
    public long activationBytes() {
        return activationBytesPerImage * batch;
    }

    /** Everything together. */
    public long totalBytes() {
        return parameterBytes + gradientBytes + optimizerBytes + activationBytes();
    }

    /**
     * {@code about 14.6 MiB: parameters 0.2 MiB, gradients 0.2 MiB, optimiser state 0.5 MiB, activations 13.7 MiB (64 images of 0.2 MiB)}.
     */
    public String describe() {
        return String.format(Locale.ROOT, "about %s: parameters %s, gradients %s, optimiser state %s, activations %s (%,d images of %s)",
                mib(totalBytes()), mib(parameterBytes), mib(gradientBytes), mib(optimizerBytes), mib(activationBytes()), batch,
                mib(activationBytesPerImage));
    }

    /**
     * Throws, before anything is allocated, when the estimate exceeds {@code availableBytes}.
     *
     * @throws KilnException saying what needs how much and what to change
     */
    public void requireAtMost(long availableBytes, String where) {
        if (totalBytes() > availableBytes) {
            throw new KilnException("training needs " + describe() + ", but " + where + " has " + mib(availableBytes)
                    + " free; use a smaller batch, or give the JVM more memory (java -Xmx, or KILN_JAVA_OPTS=-Xmx8g for ./kiln)");
        }
    }

    /**
     * Inference at {@code batch}: the parameters, and the activations an inference needs at once: walking the layers in
     * order, a layer's output lives from the layer to its last reader (the network input to its last reader), so at each
     * layer the inputs still to be read and its own output are held; the peak of that sum, per image, times the batch.
     * An arena reusing dead tensors' memory needs this much; keeping every layer's output needs {@link Inference#allBytes}.
     */
    public static Inference inference(NetworkSpec spec, int batch) {
        java.util.List<Op> layers = spec.layers();
        int n = layers.size();
        int[] lastRead = new int[n];
        int inputLastRead = -1;
        for (int i = 0; i < n; i++) {
            lastRead[i] = i == n - 1 ? n : i;
        }
        for (int i = 0; i < n; i++) {
            for (String in : layers.get(i).inputs()) {
                if (in.equals(Op.INPUT)) {
                    inputLastRead = Math.max(inputLastRead, i);
                } else {
                    int p = spec.layerIndex(in);
                    lastRead[p] = Math.max(lastRead[p], i);
                }
            }
        }
        long live = spec.input().size();
        long peak = live;
        long all = spec.input().size();
        for (int i = 0; i < n; i++) {
            long out = layers.get(i).output().size();
            live += out;
            all += out;
            peak = Math.max(peak, live);
            if (inputLastRead == i) {
                live -= spec.input().size();
            }
            for (int p = 0; p <= i; p++) {
                if (lastRead[p] == i) {
                    live -= layers.get(p).output().size();
                }
            }
        }
        return new Inference(spec.parameterCount() * FLOAT, peak * FLOAT, all * FLOAT, batch);
    }

    /**
     * Inference's memory: the parameters, the peak of the live activations per image (what an arena needs) and the sum of
     * every layer's output per image (what keeping them all needs), for {@code batch} images.
     */
    public record Inference(long parameterBytes, long peakBytesPerImage, long allBytesPerImage, int batch) {
        /** Parameters and the batch's peak activations. */
        public long totalBytes() {
            return parameterBytes + peakBytesPerImage * batch;
        }

        /** The batch's activations if every layer's output were kept. */
        public long allBytes() {
            return allBytesPerImage * batch;
        }

        /** {@code about 112.6 MiB: parameters 97.5 MiB, activations 15.1 MiB at their peak (1 image of 15.1 MiB; ...)}. */
        public String describe() {
            return String.format(Locale.ROOT, "about %s: parameters %s, activations %s at their peak (%,d images of %s;"
                            + " every layer's output kept would be %s)", mib(totalBytes()), mib(parameterBytes), mib(peakBytesPerImage * batch),
                    batch, mib(peakBytesPerImage), mib(allBytes()));
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
