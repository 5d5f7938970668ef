package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Models;
import dev.kiln.runtime.cluster.ClusterEngine;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.train.TrainingState;
import dev.kiln.tool.Kiln;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark verbs as a user meets them: found through {@link java.util.ServiceLoader}, taking
 * {@code kiln train}'s options, one line for a master that is not there, and a {@code spark-train}
 * whose driver is killed resuming to the bits of a run never interrupted.
 */
class SparkVerbsTest {
    @TempDir
    Path dir;

    @Test
    void theToolReachesSparkThroughTheRuntimesServiceInterface() {
        ClusterEngine engine = ClusterEngine.find(getClass().getClassLoader());
        assertInstanceOf(SparkEngine.class, engine);
        assertEquals("Apache Spark 3.5.8", engine.name());
    }

    @Test
    void sparkTrainTakesTrainsOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Kiln.run(new String[] {"spark-train", "--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : List.of("--master", "--epochs", "--batch", "--lr", "--optimizer", "--schedule", "--validation",
                "--patience", "--seed", "--data", "--classes", "--out", "--resume", "--overwrite", "--average-every")) {
            assertTrue(help.contains(option + " ") || help.contains(option + "="), option + " in\n" + help);
        }
    }

    @Test
    void aMasterThatIsNotThereIsOneLineNamingIt() throws Exception {
        Path weights = dir.resolve("w.safetensors");
        Checkpoints.save(weights, Models.find("LeNet5").spec(), Initializers.initialize(Models.find("LeNet5").spec(), 1), Map.of());
        String master = "spark://127.0.0.1:" + StandaloneCluster.freePort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Kiln.run(new String[] {"spark-eval", "LeNet5", "--weights", weights.toString(), "--master", master},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("kiln spark-eval: cannot reach the Spark master at " + master + " (Connection refused)"),
                message);
    }

    /**
     * {@code kiln spark-train} in its own JVM, killed (SIGKILL) once it has saved a round's state, then resumed with
     * {@code --resume}: the same weights, moments and test accuracy as the run that was never interrupted.
     */
    @Test
    void sparkTrainResumesAfterItsDriverIsKilled() throws Exception {
        LocalSpark.requireFashionMnist();
        Path data = IdxFolders.write(dir.resolve("fashion-small"), 600, 100, true);
        String[] options = {"LeNet5", "--data", data.toString(), "--epochs", "2", "--batch", "32", "--average-every", "4",
                "--partitions", "2", "--master", "local[2]"};
        Path whole = dir.resolve("whole");
        List<String> expected = StandaloneClusterTest.run(0, with(options, "--out", whole.toString()));

        Path crashed = dir.resolve("crashed");
        Path log = dir.resolve("crashed.out");
        Process p = StandaloneCluster.driver(log, Kiln.class, with(options, "--out", crashed.toString()));
        try {
            StandaloneCluster.waitFor(() -> Files.exists(crashed.resolve(TrainingState.FILE)) || !p.isAlive(), 180,
                    "the first round's state", log);
            assertTrue(p.isAlive(), StandaloneCluster.read(log));
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        TrainingState saved = TrainingState.read(crashed.resolve(TrainingState.FILE));
        assertTrue(saved.epoch() < 3, "killed before the end: " + saved.epoch() + ", step " + saved.stepsDone());
        List<String> resumed = StandaloneClusterTest.run(0, with(options, "--out", crashed.toString(), "--resume"));
        assertEquals(expected.get(expected.size() - 1), resumed.get(resumed.size() - 1), "the test accuracy line");
        Checkpoints.Loaded a = Checkpoints.loadAll(whole.resolve("best.safetensors"), Models.find("LeNet5").spec());
        Checkpoints.Loaded b = Checkpoints.loadAll(crashed.resolve("best.safetensors"), Models.find("LeNet5").spec());
        assertArrayEquals(a.params(), b.params());
        assertArrayEquals(TrainingState.read(whole.resolve(TrainingState.FILE)).optimizer().second(),
                TrainingState.read(crashed.resolve(TrainingState.FILE)).optimizer().second());
    }

    private static String[] with(String[] options, String... more) {
        String[] all = new String[options.length + more.length + 1];
        all[0] = "spark-train";
        System.arraycopy(options, 0, all, 1, options.length);
        System.arraycopy(more, 0, all, options.length + 1, more.length);
        return all;
    }
}
