package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.io.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Image folders, MalariaCnn and transfer learning on the generated Java code: MalariaCnn on a small
 * make-cells folder through train, eval, predict and featuremaps with a picture file.
 */
class JavaImagesAndTransferTest extends ImagesAndTransferOnBackend {
    @Override
    String backend() {
        return "java";
    }

    @Test
    void malariaCnnTrainsOnAnImageFolderAndNamesTheClassOfAPicture() {
        Path cells = dir.resolve("cells");
        ToolRun made = ToolRun.of("make-cells", cells.toString(), "--count", "30", "--seed", "3");
        assertEquals(0, made.status(), made.toString());
        assertTrue(Files.isRegularFile(cells.resolve("Parasitized").resolve("cell_00029.png")));
        Path out = dir.resolve("malaria");
        ToolRun run = tool("train", "MalariaCnn", "--data", cells.toString(), "--epochs", "2", "--max-steps", "1",
                "--batch", "16", "--patience", "5", "--validation", "0.1", "--out", out.toString());
        assertTrue(run.out().contains("image folder " + cells + " (class folders, 20% held out for testing (seeded)): 2 classes"
                + " [Parasitized, Uninfected], 48 training and 12 test pictures as (3, 100, 100) stretch (no normalisation),"
                + " kept as bytes: 1.8 MB (floats would take 7.2 MB)"), run.out());
        assertTrue(VerbsOnBackend.TEST_ACCURACY.matcher(run.lastLine()).matches(), run.out());
        Path weights = out.resolve("best.safetensors");
        assertEquals("[\"Parasitized\", \"Uninfected\"]", Checkpoints.metadata(weights).get(Checkpoints.CLASSES_KEY));
        assertEquals("stretch", Checkpoints.metadata(weights).get("kiln.resize"));

        ToolRun predict = tool("predict", "MalariaCnn", "--weights", weights.toString(), "--image",
                cells.resolve("Parasitized").resolve("cell_00001.png").toString());
        List<String> lines = predict.lines();
        List<String> top = lines.subList(lines.size() - 2, lines.size());
        double sum = 0;
        for (String line : top) {
            assertTrue(line.matches("  (Parasitized|Uninfected) +[01]\\.\\d{4}"), predict.out());
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertEquals(1.0, sum, 0.00011, predict.out());

        ToolRun eval = tool("eval", "MalariaCnn", "--weights", weights.toString(), "--data", cells.toString());
        assertTrue(eval.out().contains("MalariaCnn on cells/test (12 images)"), eval.out());
        assertTrue(VerbsOnBackend.TEST_ACCURACY.matcher(eval.lastLine()).matches(), eval.out());

        Path maps = dir.resolve("conv1.png");
        ToolRun fm = tool("featuremaps", "MalariaCnn", "--weights", weights.toString(), "--layer", "conv1", "--image",
                cells.resolve("Uninfected").resolve("cell_00002.png").toString(), "--out", maps.toString());
        assertTrue(fm.lastLine().startsWith("wrote " + maps + ": 32 channels of 100x100 from conv1 (Conv2d) for "
                + cells.resolve("Uninfected").resolve("cell_00002.png")), fm.out());
    }
}
