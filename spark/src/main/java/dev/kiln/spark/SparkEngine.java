package dev.kiln.spark;

import dev.kiln.runtime.cluster.ClusterEngine;
import dev.kiln.runtime.cluster.ClusterOptions;
import dev.kiln.runtime.cluster.ClusterSession;

/**
 * Apache Spark as the {@code kiln} tool's cluster engine, registered for {@link java.util.ServiceLoader}
 * in {@code META-INF/services/dev.kiln.runtime.cluster.ClusterEngine}.
 */
public final class SparkEngine implements ClusterEngine {
    @Override
    public String name() {
        return "Apache Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }

    @Override
    public ClusterSession open(ClusterOptions options) {
        return SparkCluster.open(options);
    }
}
