/**
 * What the {@code kiln} tool asks of a cluster, and what a cluster engine implements: a
 * {@link dev.kiln.runtime.cluster.ClusterEngine} found with {@link java.util.ServiceLoader} (the
 * {@code spark} module registers Apache Spark's), sessions that evaluate, predict and train
 * ({@link dev.kiln.runtime.cluster.ClusterSession}, {@link dev.kiln.runtime.cluster.ClusterTraining}),
 * and where the data is ({@link dev.kiln.runtime.cluster.ClusterData}).
 *
 * <p>Only plain runtime types cross this boundary (models, checkpoints, configurations, listeners,
 * histories, evaluations), so the tool starts without any cluster library on its class path and an
 * engine needs nothing of the tool.
 */
package dev.kiln.runtime.cluster;
