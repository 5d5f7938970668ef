package dev.kiln.runtime.cluster;

import dev.kiln.runtime.KilnException;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * A way to run Kiln on a cluster, registered for {@link ServiceLoader} under
 * {@code META-INF/services/dev.kiln.runtime.cluster.ClusterEngine} (the {@code spark} module's
 * {@code dev.kiln.spark.SparkEngine}).
 */
public interface ClusterEngine {

    /** What the engine runs on, for messages: {@code Apache Spark 3.5.8}. */
    String name();

    /**
     * Connects to {@link ClusterOptions#master()} and returns a session, once executors can run
     * tasks. Fails with a one-line {@link KilnException} naming the master when it cannot be reached.
     */
    ClusterSession open(ClusterOptions options);

    /**
     * The engine registered on {@code loader}'s class path.
     *
     * @throws KilnException when there is none, saying what to put on the class path
     */
    static ClusterEngine find(ClassLoader loader) {
        try {
            for (ClusterEngine engine : ServiceLoader.load(ClusterEngine.class, loader)) {
                return engine;
            }
        } catch (ServiceConfigurationError e) {
            throw new KilnException("the cluster engine on the class path could not be loaded: " + e.getMessage()
                    + ". It needs Apache Spark's jars beside Kiln's spark module; run the spark verbs through ./kiln,"
                    + " which adds them", e);
        }
        throw new KilnException("no cluster engine on the class path: the spark verbs need Kiln's spark module and Apache"
                + " Spark's jars; run them through ./kiln, which adds both");
    }
}
