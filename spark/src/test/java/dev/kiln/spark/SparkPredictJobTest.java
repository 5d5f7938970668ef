package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example job over a folder of pictures: one CSV line per readable picture, the damaged one skipped. */
class SparkPredictJobTest {
    @TempDir
    Path dir;

    @Test
    void aFolderOfPicturesBecomesOneCsvLinePerPicture() throws IOException {
        LocalSpark.requireFashionMnist();
        KilnModel model = Models.find("LeNet5");
        Path checkpoint = dir.resolve("w.safetensors");
        float[] params = Initializers.initialize(model.spec(), 11);
        Checkpoints.save(checkpoint, model.spec(), params, Map.of());
        Path pictures = Files.createDirectories(dir.resolve("pictures/nested"));
        Dataset test = FashionRows.test();
        int[] expected = new int[12];
        try (JavaBackend backend = new JavaBackend(model, OptimizerConfig.adam().build())) {
            backend.setParameters(params);
            float[] out = new float[10];
            for (int i = 0; i < 12; i++) {
                Files.write(pictures.resolve("img-" + i + ".png"), FashionRows.png(test, i));
                backend.predict(Arrays.copyOfRange(test.images(), i * 784, (i + 1) * 784), 1, out);
                expected[i] = Task.classification().predictedClass(model.spec(), out, 0);
            }
        }
        Files.write(pictures.resolve("damaged.png"), Arrays.copyOf(FashionRows.png(test, 0), 30));
        Path out = dir.resolve("predictions");
        SparkCluster cluster = SparkCluster.of(LocalSpark.session());
        dev.kiln.runtime.cluster.ClusterData folder = dev.kiln.runtime.cluster.ClusterData.at(dir.resolve("pictures").toUri());
        folder = new dev.kiln.runtime.cluster.ClusterData(folder.location(), folder.resize(), folder.normalization(),
                folder.testSplit(), true, null, null);
        var predicted = cluster.predict(model, Checkpoints.loadAll(checkpoint, model.spec()), folder, List.of(), 3,
                out.toUri(), false);
        assertEquals(12, predicted.pictures());
        assertEquals(1, predicted.skipped());

        List<String> lines;
        try (Stream<Path> parts = Files.list(out)) {
            lines = parts.filter(p -> p.getFileName().toString().endsWith(".csv")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().skip(1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(12, lines.size(), String.join("\n", lines));
        for (String line : lines) {
            int name = line.indexOf("img-");
            assertTrue(name > 0, line);
            int i = Integer.parseInt(line.substring(name + 4, line.indexOf(".png")));
            String[] fields = line.substring(line.indexOf(".png") + 5).split(",", 3);
            assertEquals(expected[i], Integer.parseInt(fields[0]), line);
        }
    }
}
