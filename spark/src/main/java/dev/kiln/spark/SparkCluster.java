package dev.kiln.spark;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.cluster.ClusterOptions;
import dev.kiln.runtime.cluster.ClusterSession;
import dev.kiln.runtime.data.Split;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.spec.NetworkSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * A Spark application running Kiln's work: the {@link ClusterSession} the {@code kiln} tool's spark
 * verbs use (through {@link SparkEngine}), and what programs and {@code spark-submit} jobs use with
 * a session of their own ({@link #of(SparkSession)}).
 *
 * <p>When it starts the application itself ({@link #open}), it first checks that a
 * {@code spark://} master answers (one line naming it when not, within seconds rather than after
 * Spark's minute of retries), sends Spark's log to a file and its warnings to the console, starts
 * executors with the Vector API ({@code --add-modules jdk.incubator.vector}, as {@code ./kiln} runs
 * the driver, so the cluster computes exactly what one machine does), and ships what executors need:
 * the spark module, the runtime and its dependencies, the user's {@code --classpath}, and each
 * network's own classes when it is first used. An {@link ExecutorWatch} says when a job waits for
 * executors.
 */
public final class SparkCluster implements ClusterSession {
    private final SparkSession spark;
    private final boolean ours;
    private final String master;
    private final ClassLoader loader;
    private final JarShipping shipping;
    private final ExecutorWatch watch;
    private final HadoopFiles files;
    private final PrintStream out;
    private boolean closed;

    private SparkCluster(SparkSession spark, boolean ours, ClassLoader loader, JarShipping shipping, ExecutorWatch watch,
                         PrintStream out) {
        this.spark = spark;
        this.ours = ours;
        this.master = spark.sparkContext().master();
        this.loader = loader;
        this.shipping = shipping;
        this.watch = watch;
        this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        this.out = out;
    }

    /**
     * Kiln's work on a session the caller runs (a program's, a notebook's, a {@code spark-submit} job's): nothing
     * is shipped (the job's jars are the caller's business) and {@link #close()} leaves the session running.
     */
    public static SparkCluster of(SparkSession spark) {
        return new SparkCluster(spark, false, Thread.currentThread().getContextClassLoader(), null, null, System.out);
    }

    /** Starts an application on {@code options.master()} as described above. */
    static SparkCluster open(ClusterOptions options) {
        String master = options.master();
        boolean local = master.startsWith("local");
        boolean onThisMachine = local || masterIsLoopback(master);
        if (master.startsWith("spark://")) {
            probe(master);
        }
        scala.Option<SparkSession> running = SparkSession.getDefaultSession();
        if (running.isDefined()) {
            // a session this JVM already runs (a notebook's, a test's) is used as it is, and left running
            if (!running.get().sparkContext().master().equals(master) && !(local && running.get().sparkContext().isLocal())) {
                throw new KilnException("this JVM already runs a Spark session on " + running.get().sparkContext().master()
                        + ", so it cannot start one on " + master);
            }
            return new SparkCluster(running.get(), false, options.loader(), null, null, options.out());
        }
        SparkLogging.toFileAndConsole(options.logFile(), onThisMachine);
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        // in local mode the executors are built now, under this loader, and so see the networks
        current.setContextClassLoader(options.loader());
        try {
            SparkSession.Builder builder = SparkSession.builder().appName(options.appName()).master(master)
                    .config("spark.ui.showConsoleProgress", "false");
            if (local) {
                builder.config("spark.ui.enabled", "false");
            }
            if (onThisMachine) {
                builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
            }
            JarShipping shipping = null;
            if (!local) {
                String opts = options.settings().getOrDefault("spark.executor.extraJavaOptions", "");
                builder.config("spark.executor.extraJavaOptions", ("--add-modules jdk.incubator.vector " + opts).trim());
                shipping = new JarShipping(Path.of(System.getProperty("java.io.tmpdir"), "kiln-spark-jars-"
                        + System.getProperty("user.name", "user")));
                List<Path> entries = new ArrayList<>();
                for (Class<?> c : List.of(SparkCluster.class, KilnModel.class, NetworkSpec.class, Loss.class)) {
                    entries.add(JarShipping.codeSource(c));
                }
                entries.add(jocl());
                entries.addAll(options.classPath());
                List<String> jars = new ArrayList<>(shipping.jarsFor(entries));
                String given = options.settings().get("spark.jars");
                if (given != null && !given.isBlank()) {
                    jars.add(given);
                }
                builder.config("spark.jars", String.join(",", jars));
            }
            for (Map.Entry<String, String> e : options.settings().entrySet()) {
                if (!e.getKey().equals("spark.jars") && !(e.getKey().equals("spark.executor.extraJavaOptions") && !local)) {
                    builder.config(e.getKey(), e.getValue());
                }
            }
            SparkSession spark = builder.getOrCreate();
            ExecutorWatch watch = null;
            if (!local) {
                org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
                watch = new ExecutorWatch(master, conf.get("spark.executor.cores", "all free") + " cores and "
                        + conf.get("spark.executor.memory", "1g") + " of memory per executor", options.out());
                spark.sparkContext().addSparkListener(watch);
            }
            return new SparkCluster(spark, true, options.loader(), shipping, watch, options.out());
        } finally {
            current.setContextClassLoader(before);
        }
    }

    /** JOCL's jar (the runtime's OpenCL binding: executors never call it, but the runtime's classes name it). */
    private static Path jocl() {
        try {
            return JarShipping.codeSource(Class.forName("org.jocl.CL", false, SparkCluster.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean masterIsLoopback(String master) {
        if (!master.startsWith("spark://")) {
            return false;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
            if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that some master of a {@code spark://host:port[,host:port]} URL accepts a connection, within
     * 5 s each; one line naming the URL when none does.
     */
    static void probe(String master) {
        String[] hosts = master.substring("spark://".length()).split(",");
        String reason = "";
        for (String hostPort : hosts) {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new KilnException("--master " + master + ": a standalone master is spark://HOST:PORT (port 7077 by default)");
            }
            String host = hostPort.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new KilnException("--master " + master + ": '" + hostPort.substring(colon + 1) + "' is not a port number");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 5000);
                return;
            } catch (IOException e) {
                reason = e instanceof java.net.UnknownHostException ? "unknown host " + host
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        throw new KilnException("cannot reach the Spark master at " + master + " (" + reason + "). Start it (sbin/start-master.sh"
                + " on that host) or check the URL: the master's web page shows it as spark://HOST:PORT");
    }

    /** The session this runs on. */
    public SparkSession spark() {
        return spark;
    }

    @Override
    public String description() {
        return "Spark " + spark.version() + " on " + master + " (" + spark.sparkContext().defaultParallelism() + " cores)";
    }

    /** Tasks a training or evaluation splits into when the caller does not choose: one per core the cluster offers. */
    int defaultPartitions() {
        return Math.max(1, spark.sparkContext().defaultParallelism());
    }

    /** Ships {@code model}'s own classes to the executors, once (a cluster started here only). */
    void ship(KilnModel model) {
        if (shipping == null) {
            return;
        }
        for (String jar : shipping.jarsFor(List.of(JarShipping.codeSource(model.getClass())))) {
            spark.sparkContext().addJar(jar);
        }
    }

    @Override
    public Evaluation evaluate(KilnModel model, Checkpoints.Loaded weights, ClusterData data) {
        return withLoader(() -> {
            ship(model);
            DataPlan.Listing test = DataPlan.list(files, data, model.spec(), DataPlan.Part.TEST);
            if (test.size() == 0) {
                throw new KilnException(data.location() + ": no test images");
            }
            checkClasses(model.spec(), test.classNames(), data, null);
            JavaRDD<Shard> shards = shards(test, defaultPartitions());
            try {
                ModelState w = ModelState.weights(weights.params(), weights.state());
                return Evaluations.evaluate(spark, model, shards, w, test.classNames(), "test",
                        new ExecutorModels.Key(model.spec().qualifiedName(), w.weightsHash()));
            } finally {
                shards.unpersist(false);
            }
        });
    }

    @Override
    public Predictions predict(KilnModel model, Checkpoints.Loaded weights, ClusterData pictures, List<String> classNames,
                               int topK, URI out, boolean overwrite) {
        return withLoader(() -> {
            ship(model);
            return SparkPredict.predict(this, model, weights, pictures, classNames, topK, out, overwrite);
        });
    }

    @Override
    public boolean holdsIdxFiles(ClusterData data) {
        return DataPlan.holdsIdx(files, data.location());
    }

    @Override
    public SparkTraining training(KilnModel model, ClusterData data, TrainConfig config, Distribution distribution) {
        return withLoader(() -> {
            ship(model);
            NetworkSpec spec = model.spec();
            int partitions = distribution.partitions() > 0 ? distribution.partitions() : defaultPartitions();
            DataPlan.Listing all = DataPlan.list(files, data, spec, DataPlan.Part.TRAIN);
            checkClasses(spec, all.classNames(), data, out);
            int[][] split = Split.trainValidationIndices(all.name(), all.size(), config.validationFraction(), config.seed());
            DataPlan.Listing train = config.validationFraction() == 0 ? all : all.subset(all.name() + "/train", split[0]);
            DataPlan.Listing validation = split[1].length == 0 ? null : all.subset(all.name() + "/validation", split[1]);
            DataPlan.Listing test = DataPlan.list(files, data, spec, DataPlan.Part.TEST);
            SparkTraining.TrainingSets sets = new SparkTraining.TrainingSets(shards(train, partitions),
                    validation == null ? null : shards(validation, Math.min(partitions, validation.size())),
                    test.size() == 0 ? null : shards(test, Math.min(partitions, test.size())), all.classNames(),
                    all.form().metadata());
            return new SparkTraining(spark, model, config, distribution.averageEvery(), sets, "Spark " + master);
        });
    }

    /**
     * As on one machine: a sigmoid unit needs two classes; a softmax network is given no more classes than it has output
     * units (refused in one line otherwise), and with fewer it learns them on its first units and predicts only among
     * them, which a training says in one line on {@code out}.
     */
    private static void checkClasses(NetworkSpec spec, List<String> classes, ClusterData data, PrintStream out) {
        int units = spec.output().intSize();
        String net = spec.simpleName();
        if (spec.loss() == Loss.BINARY_CROSS_ENTROPY) {
            if (classes.size() != 2) {
                throw new KilnException(net + " has one sigmoid unit (two classes), but " + data.location() + " has "
                        + classes.size() + " classes " + classes);
            }
            return;
        }
        if (classes.size() > units) {
            throw new KilnException(net + " has " + units + " output units, but " + data.location() + " has " + classes.size()
                    + " classes " + classes + "; give the network " + classes.size() + " outputs, or keep " + units
                    + " classes with --classes");
        }
        if (classes.size() < units && out != null) {
            out.printf(Locale.ROOT, "%s has %d output units and %s %d classes %s: it learns them on units 0 to %d and predicts"
                    + " only among them (units %d to %d stay unused)%n", net, units, data.location(), classes.size(), classes,
                    classes.size() - 1, classes.size(), units - 1);
        }
    }

    /** The cached shards of a listing, read on the executors, {@code partitions} of them. */
    JavaRDD<Shard> shards(DataPlan.Listing listing, int partitions) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator skipped = spark.sparkContext().longAccumulator("kiln: pictures skipped in " + listing.name());
        List<DataPlan.ShardPlan> plans = partitionsOf(listing, partitions);
        return jsc.parallelize(plans, plans.size()).map(new ShardReader(files, skipped)).persist(StorageLevel.MEMORY_ONLY());
    }

    /** What each of {@link #shards}' partitions reads. */
    List<DataPlan.ShardPlan> partitionsOf(DataPlan.Listing listing, int partitions) {
        return listing.partitions(Math.max(1, partitions));
    }

    HadoopFiles files() {
        return files;
    }

    private <T> T withLoader(java.util.function.Supplier<T> work) {
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            return work.get();
        } finally {
            current.setContextClassLoader(before);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (watch != null) {
            watch.close();
        }
        if (ours) {
            spark.stop();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SparkCluster[%s]", master);
    }
}
