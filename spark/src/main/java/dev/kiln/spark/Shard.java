package dev.kiln.spark;

import dev.kiln.runtime.data.Dataset;

/**
 * One partition of a training, validation or test set, held in executor memory for the whole run
 * (a cached RDD element): its images as a runtime {@link Dataset} (pictures and IDX images kept as
 * bytes, as {@link dev.kiln.runtime.data.image.ImageFolder} keeps them; pixel arrays from rows as
 * floats) and the partition it belongs to. An executor that is lost takes its shards with it; Spark
 * reads them again from storage on another.
 */
record Shard(int partition, Dataset data) {
    int size() {
        return data.size();
    }
}
