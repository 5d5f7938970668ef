package dev.kiln.spark;

import java.io.Serializable;

/**
 * One partition of a training set, held in executor memory for the whole run: its images as the
 * network takes them ({@code (N, C, H, W)} flat), their labels, and the partition it came from.
 * Images are numbered globally in partition order, so {@code first} is the number of this shard's
 * first image once the driver has counted the shards before it.
 */
record Shard(int partition, float[] images, int[] labels) implements Serializable {
    int size() {
        return labels.length;
    }
}
