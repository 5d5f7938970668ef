/**
 * Kiln models on Apache Spark: batch inference over a {@code Dataset<Row>} of images
 * ({@link dev.kiln.spark.SparkClassifier}) and synchronous data-parallel training
 * ({@link dev.kiln.spark.SparkTrainer}).
 *
 * <p>Everything that runs on executors uses the generated Java pass on one thread (Spark runs one
 * task per core) and keeps what is costly to build in a per-JVM cache ({@link dev.kiln.spark.ExecutorModels}).
 * Spark itself is a {@code provided} dependency: the cluster brings it.
 */
package dev.kiln.spark;
