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

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
