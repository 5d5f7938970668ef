/**
 * Kiln models on Apache Spark: batch inference over a {@code Dataset<Row>} of images
 * ({@link dev.kiln.spark.SparkClassifier}), data-parallel training by local steps and averaging of
 * parameters, optimiser state and running statistics ({@link dev.kiln.spark.SparkTraining}, from rows
 * with {@link dev.kiln.spark.SparkTrainer}), and the {@code kiln} tool's cluster engine
 * ({@link dev.kiln.spark.SparkEngine}, registered for {@link java.util.ServiceLoader}; the work runs in a
 * {@link dev.kiln.spark.SparkCluster}), which reads the data on the executors through Hadoop's file systems.
 *
 * <p>Everything that runs on executors uses the generated Java pass on one thread (Spark runs one
 * task per core) and keeps what is costly to build in a per-JVM cache ({@link dev.kiln.spark.ExecutorModels}).
 * Spark itself is a {@code provided} dependency: the cluster brings it. Callers: the tool (through the
 * runtime's {@code dev.kiln.runtime.cluster} interfaces), programs, and {@code spark-submit} jobs.
 */
package dev.kiln.spark;
