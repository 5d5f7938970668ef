package dev.kiln.runtime.cluster;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.TrainConfig;
import java.net.URI;

/**
 * A connection to a cluster, able to run Kiln's work there: evaluation and prediction by batch
 * inference, and data-parallel training. Every method reads its pictures on the executors.
 * Closing it ends the application on the cluster.
 */
public interface ClusterSession extends AutoCloseable {

    /** One line: the engine, the master and what it offers, e.g. {@code Spark 3.5.8 on local[2] (2 cores)}. */
    String description();

    /**
     * {@code weights} (parameters and running statistics) on the test set of {@code data}: the
     * figures {@link Evaluation#evaluate} gives on one machine for the same images, to every digit.
     */
    Evaluation evaluate(KilnModel model, Checkpoints.Loaded weights, ClusterData data);

    /**
     * Classifies every picture below {@code pictures.location()} (at any depth; for IDX data, the test
     * images) and writes one CSV line per picture into the folder {@code out}: its path, the predicted
     * class's index and name, its probability and the {@code topK} likeliest classes.
     *
     * @param classNames the checkpoint's class names, in label order
     * @param overwrite  replace {@code out} when it exists; without it an existing {@code out} is refused
     */
    Predictions predict(KilnModel model, Checkpoints.Loaded weights, ClusterData pictures, java.util.List<String> classNames,
                        int topK, URI out, boolean overwrite);

    /** Whether {@code data}'s folder holds IDX files (Fashion-MNIST's or MNIST's) rather than an image folder. */
    boolean holdsIdxFiles(ClusterData data);

    /**
     * What {@link #predict} did: pictures classified, unreadable ones skipped, where the CSV files went, and the
     * accuracy for labelled (IDX) pictures, NaN for others.
     */
    record Predictions(long pictures, long skipped, URI out, double accuracy) {
    }

    /** A training run of {@code model} on the training set of {@code data}; {@link ClusterTraining#fit()} runs it. */
    ClusterTraining training(KilnModel model, ClusterData data, TrainConfig config, Distribution distribution);

    /**
     * How training is spread: {@code partitions} tasks (0: one per core the cluster offers), each
     * taking {@code averageEvery} optimiser steps of its own between two averagings (the last
     * averaging of an epoch comes at its end).
     */
    record Distribution(int partitions, int averageEvery) {
        /** Checks the numbers. */
        public Distribution {
            if (partitions < 0) {
                throw new IllegalArgumentException("partitions must be 0 (one per core) or more, not " + partitions);
            }
            if (averageEvery < 1) {
                throw new IllegalArgumentException("averaging needs at least 1 step between averagings, not " + averageEvery);
            }
        }
    }

    /** Ends the application on the cluster; idempotent. */
    @Override
    void close();
}
