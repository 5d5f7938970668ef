package dev.kiln.spark;

import java.io.Serializable;

/**
 * What a training step brings back from the shards, summed on the way with {@code treeAggregate}:
 * the image-weighted sum of the shards' gradients (or, when averaging, of their parameters), the
 * summed loss, the images and right answers counted, and the time spent computing.
 *
 * <p>{@code values} stays null until a shard contributes, so the zero value that Spark ships with
 * every task costs a few bytes rather than a parameter array.
 */
final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    float[] values;
    double lossSum;
    long images;
    long correct;
    long computeNanosMax;
    long computeNanosSum;
    int shards;

    /** Adds {@code weight * v} for one shard that saw {@code images} images. */
    GradientSum add(float[] v, float weight, double loss, int images, int correct, long nanos) {
        if (values == null) {
            values = new float[v.length];
        }
        for (int i = 0; i < v.length; i++) {
            values[i] += weight * v[i];
        }
        lossSum += loss * images;
        this.images += images;
        this.correct += correct;
        computeNanosMax = Math.max(computeNanosMax, nanos);
        computeNanosSum += nanos;
        shards++;
        return this;
    }

    /** This plus {@code other}; either may be empty. */
    GradientSum merge(GradientSum other) {
        if (other.values != null) {
            if (values == null) {
                values = other.values.clone();
            } else {
                for (int i = 0; i < values.length; i++) {
                    values[i] += other.values[i];
                }
            }
        }
        lossSum += other.lossSum;
        images += other.images;
        correct += other.correct;
        computeNanosMax = Math.max(computeNanosMax, other.computeNanosMax);
        computeNanosSum += other.computeNanosSum;
        shards += other.shards;
        return this;
    }
}
