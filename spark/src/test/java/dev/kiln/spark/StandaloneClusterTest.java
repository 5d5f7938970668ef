package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Models;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.train.TrainingState;
import dev.kiln.tool.Kiln;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiln tool against a real standalone cluster on this machine ({@link StandaloneCluster}: a
 * master and a worker in child JVMs on 127.0.0.1, executors launched by the worker), as a user runs
 * it: the driver is {@code kiln} in its own JVM, the executors read the data from a folder and get
 * everything else (the spark module, the runtime, the networks) shipped from the driver.
 *
 * <ul>
 *   <li>{@code spark-eval} of a batch-norm network prints {@code kiln eval}'s figures for the same
 *       weights, to every digit: the running statistics reach the executors;</li>
 *   <li>{@code spark-train} on the cluster, whose only executor is killed mid-run, ends with the same
 *       bits as the same run in local mode in this JVM: Spark starts another executor, reads the lost
 *       shards again and reruns the round, every task is deterministic, and the executors compute with
 *       the Vector API as this JVM does (without it they give slightly different numbers).</li>
 * </ul>
 */
class StandaloneClusterTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path weights;
    static StandaloneCluster cluster;

    @BeforeAll
    static void clusterDataAndWeights() throws Exception {
        LocalSpark.requireFashionMnist();
        data = IdxFolders.write(dir.resolve("fashion-small"), 1200, 500, true);
        Path trained = dir.resolve("resnet");
        run(0, "train", "FashionResNet", "--data", data.toString(), "--epochs", "1", "--max-steps", "6", "--batch", "32",
                "--validation", "0", "--out", trained.toString(), "--backend", "java");
        weights = trained.resolve("best.safetensors");
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, "2g");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sparkEvalOfABatchNormNetworkOnTheClusterPrintsKilnEvalsFigures() throws Exception {
        Checkpoints.Loaded w = Checkpoints.loadAll(weights, Models.find("FashionResNet").spec());
        boolean statisticsMoved = false;
        for (int i = 0; i < w.state().length; i++) {
            statisticsMoved |= w.state()[i] != 0 && w.state()[i] != 1;
        }
        assertTrue(statisticsMoved, "the weights' running statistics are not the initial ones, so ignoring them shows");
        List<String> expected = run(0, "eval", "FashionResNet", "--weights", weights.toString(), "--data", data.toString(),
                "--backend", "java");
        Path out = dir.resolve("spark-eval.out");
        Process p = StandaloneCluster.driver(out, Kiln.class, "spark-eval", "FashionResNet", "--weights", weights.toString(),
                "--data", data.toString(), "--master", cluster.master);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-eval still runs after 5 minutes");
        String printed = StandaloneCluster.read(out);
        assertEquals(0, p.exitValue(), printed);
        List<String> lines = printed.lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
        assertTrue(lines.get(0).startsWith("Spark's log: "), printed);
        assertTrue(lines.get(1).startsWith("FashionResNet on fashion-small/test (500 images), Spark 3.5.8 on " + cluster.master),
                printed);
        // everything after the first line: the confusion matrix, the test loss and the test accuracy
        assertEquals(expected.subList(1, expected.size()), lines.subList(2, lines.size()), printed);
    }

    @Test
    void sparkTrainOnTheClusterSurvivesALostExecutorWithTheLocalRunsBits() throws Exception {
        String[] options = {"LeNet5", "--data", data.toString(), "--epochs", "1", "--batch", "32", "--average-every", "4",
                "--partitions", "2"};
        Path local = dir.resolve("local");
        List<String> expected = run(0, concat(new String[] {"spark-train"}, options, "--master", "local[2]", "--out", local.toString()));

        Path remote = dir.resolve("remote");
        Path out = dir.resolve("spark-train.out");
        Process p = StandaloneCluster.driver(out, Kiln.class, concat(new String[] {"spark-train"}, options, "--master",
                cluster.master, "--out", remote.toString()));
        // a round has been averaged (the state is written after each): the executor holds the shards and is working
        StandaloneCluster.waitFor(() -> Files.exists(remote.resolve(TrainingState.FILE)) || !p.isAlive(), 180,
                "the first round on the cluster", out);
        assertTrue(p.isAlive(), StandaloneCluster.read(out));
        List<ProcessHandle> executors = cluster.executors();
        assertFalse(executors.isEmpty(), "the worker runs an executor: " + cluster.status());
        executors.forEach(ProcessHandle::destroyForcibly);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-train still runs after 5 minutes");
        String printed = StandaloneCluster.read(out);
        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("kiln: lost Spark executor"), printed);

        Checkpoints.Loaded a = Checkpoints.loadAll(local.resolve("best.safetensors"), Models.find("LeNet5").spec());
        Checkpoints.Loaded b = Checkpoints.loadAll(remote.resolve("best.safetensors"), Models.find("LeNet5").spec());
        assertArrayEquals(a.params(), b.params(), "the cluster's run, an executor lost, against the local run");
        TrainingState sa = TrainingState.read(local.resolve(TrainingState.FILE));
        TrainingState sb = TrainingState.read(remote.resolve(TrainingState.FILE));
        assertArrayEquals(sa.optimizer().second(), sb.optimizer().second(), "Adam's second moments");
        // Spark's own log may print after the result (a dispatcher warning about the killed executor): compare the result lines
        assertEquals(accuracyLine(expected), accuracyLine(printed.lines().toList()), "the test accuracy line");
    }

    /** The run's last {@code test accuracy: } line (the result), or a message naming what was printed instead. */
    private static String accuracyLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("test accuracy: ")) {
                return lines.get(i);
            }
        }
        return "no test accuracy line in: " + String.join("\n", lines);
    }

    /**
     * A job that cannot get an executor (each asks for 4 cores; the worker has 2) says so after
     * {@value ExecutorWatch#PATIENCE_SECONDS} s, naming the master, instead of waiting silently.
     */
    @Test
    @Tag("long")
    void aJobThatGetsNoExecutorSaysSo() throws Exception {
        Path out = dir.resolve("no-executor.out");
        Process p = StandaloneCluster.driver(out, Kiln.class, "spark-eval", "FashionResNet", "--weights", weights.toString(),
                "--data", data.toString(), "--master", cluster.master, "--conf", "spark.executor.cores=4");
        try {
            StandaloneCluster.waitFor(() -> StandaloneCluster.read(out).contains("kiln: no Spark executor has run for")
                    || !p.isAlive(), 120, "the line about the missing executor", out);
            String printed = StandaloneCluster.read(out);
            assertTrue(p.isAlive(), printed);
            assertTrue(printed.contains("the job waits for " + cluster.master + " to give one (4 cores and 1g of memory per"
                    + " executor)"), printed);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The documented spark-submit command: {@code SparkSubmit} (what bin/spark-submit runs) with the spark module's jar
     * ({@code kiln-spark-VERSION.jar}, the runtime inside; built by {@code mvn package -pl spark -am}) and the samples' jar,
     * classifying a folder of pictures on the cluster; every line's prediction is one machine's.
     */
    @Test
    @Tag("long")
    void sparkSubmitOfTheDocumentedJarClassifiesAFolder() throws Exception {
        Path jar = Path.of("target", "kiln-spark-0.1.0-SNAPSHOT.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is built by mvn package -pl spark -am (or ./kiln spark-eval); build it first");
        JarShipping shipping = new JarShipping(dir.resolve("jars"));
        String samples = shipping.jarsFor(List.of(JarShipping.codeSource(Models.find("LeNet5").getClass()))).get(0);
        Path pictures = Files.createDirectories(dir.resolve("pictures"));
        for (int i = 0; i < 20; i++) {
            Files.write(pictures.resolve("p" + i + ".png"), FashionRows.png(FashionRows.test(), i));
        }
        Path predictions = dir.resolve("predictions");
        Path out = dir.resolve("spark-submit.out");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        command.addAll(StandaloneCluster.opens());
        command.addAll(List.of("-cp", dir.resolve("cluster/spark-home/jars").toString() + "/*",
                "org.apache.spark.deploy.SparkSubmit", "--master", cluster.master, "--class", "dev.kiln.spark.SparkPredict",
                "--conf", "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector", "--jars", samples, jar.toString(),
                "LeNet5", weights.getParent().getParent().resolve("lenet.safetensors").toString(), pictures.toString(),
                predictions.toString()));
        Checkpoints.save(weights.getParent().getParent().resolve("lenet.safetensors"), Models.find("LeNet5").spec(),
                dev.kiln.runtime.init.Initializers.initialize(Models.find("LeNet5").spec(), 3), java.util.Map.of());
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        b.environment().remove("LD_PRELOAD");
        b.environment().put("SPARK_HOME", dir.resolve("cluster/spark-home").toString());
        b.environment().put("SPARK_SCALA_VERSION", "2.13");
        Process p = b.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-submit still runs after 5 minutes");
        String printed = StandaloneCluster.read(out);
        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("LeNet5: classified 20 pictures (0 unreadable ones skipped); wrote "), printed);
    }

    private static String[] concat(String[] a, String[] b, String... c) {
        String[] all = new String[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    /** {@code kiln WORDS} in this JVM; its output lines, after checking the exit status. */
    static List<String> run(int status, String... words) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int s = Kiln.run(words, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(status, s, String.join(" ", words) + "\n" + printed + err.toString(StandardCharsets.UTF_8));
        return printed.lines().toList();
    }
}
