package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Required;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 through the tool on one backend: transfer learning between LeNet-5 and a five-class
 * head (frozen layers bit for bit), and class names for IDX data. MalariaCnn (51 million multiplies
 * per image) runs on the Java backend only ({@link JavaImagesAndTransferTest}): on PoCL it would take minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ImagesAndTransferOnBackend {
    Path dir;
    Path data;

    abstract String backend();

    void assumeBackend() {
    }

    @BeforeAll
    void smallData(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        assumeBackend();
        Required.that(SmallFashionMnist.available(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        data = SmallFashionMnist.write(Files.createDirectories(dir.resolve("data")), 320, 64);
    }

    ToolRun tool(String... words) {
        List<String> all = new ArrayList<>(Arrays.asList(words));
        all.addAll(List.of("--backend", backend()));
        ToolRun run = ToolRun.of(all.toArray(String[]::new));
        assertEquals(0, run.status(), String.join(" ", words) + ": " + run);
        return run;
    }

    @Test
    void aNewHeadLearnsOnAFrozenBackboneLoadedFromAnotherNetwork() {
        Path backbone = dir.resolve("backbone");
        tool("train", "LeNet5", "--data", data.toString(), "--classes", "0,1,2,3,4", "--epochs", "1", "--max-steps", "3",
                "--out", backbone.toString());
        Path file = backbone.resolve("best.safetensors");
        assertEquals("[\"T-shirt/top\", \"Trouser\", \"Pullover\", \"Dress\", \"Coat\"]",
                Checkpoints.metadata(file).get(Checkpoints.CLASSES_KEY));

        Path head = dir.resolve("head");
        ToolRun run = tool("train", "LeNet5FiveClasses", "--data", data.toString(), "--classes", "5,6,7,8,9",
                "--train-images", "100", "--init-from", file.toString(), "--freeze", "c1,c3,c5,f6", "--epochs", "6",
                "--lr", "0.03", "--batch", "20", "--out", head.toString());
        assertTrue(run.out().contains("classes [5, 6, 7, 8, 9]: [Sandal, Shirt, Sneaker, Bag, Ankle boot]"), run.out());
        assertTrue(run.out().contains("training on 100 of the training images"), run.out());
        assertTrue(run.out().contains("init from " + file + ": loaded 8 [c1.weight, c1.bias, c3.weight, c3.bias,"
                + " c5.weight, c5.bias, f6.weight, f6.bias]\n"
                + "  skipped 2 (shape differs) [out.weight: file (10, 84), network (5, 84), out.bias: file (10), network (5)]\n"
                + "  left at initial values 0 []\n  unused in the file 0 []"), run.out());
        assertTrue(VerbsOnBackend.TEST_ACCURACY.matcher(run.lastLine()).matches(), run.out());
        // the head learns: 30 steps of Adam at 0.03 on the frozen backbone's features reach 0.625 (20 of the 32 test
        // images of classes 5 to 9) on both backends; five classes make chance 0.2, and a classifier at chance gets 15 or
        // more of 32 right with probability 0.00056
        assertTrue(run.out().contains(" training and 32 test images)"), run.out());
        double accuracy = Double.parseDouble(run.lastLine().substring("test accuracy: ".length()));
        assertTrue(accuracy >= 15 / 32.0, "the new head did not learn on " + backend() + ": test accuracy " + accuracy
                + ", the bar is 15/32 (chance 0.2)\n" + run.out());

        Map<String, SafeTensors.Tensor> before = SafeTensors.read(file).tensors();
        Map<String, SafeTensors.Tensor> after = SafeTensors.read(head.resolve("best.safetensors")).tensors();
        for (String frozen : List.of("c1.weight", "c1.bias", "c3.weight", "c3.bias", "c5.weight", "c5.bias", "f6.weight",
                "f6.bias")) {
            assertArrayEquals(before.get(frozen).data(), after.get(frozen).data(), frozen + " is frozen, bit for bit");
        }
        ToolRun predict = tool("predict", "LeNet5FiveClasses", "--weights", head.resolve("best.safetensors").toString(),
                "--data", data.toString(), "--classes", "5,6,7,8,9", "--index", "0");
        assertTrue(predict.out().contains("(labelled Ankle boot)"), predict.out());

        // the second phase: everything learns, the backbone at a tenth of the rate
        ToolRun phase2 = tool("train", "LeNet5FiveClasses", "--data", data.toString(), "--classes", "5,6,7,8,9",
                "--train-images", "100", "--init-from", head.resolve("best.safetensors").toString(), "--lr-scale",
                "c1=0.1,c3=0.1,c5=0.1,f6=0.1", "--epochs", "1", "--max-steps", "2", "--out", dir.resolve("phase2").toString());
        assertTrue(phase2.out().contains("loaded 10 "), phase2.out());
        float[] moved = SafeTensors.read(dir.resolve("phase2").resolve("best.safetensors")).tensors().get("c1.weight").data();
        assertFalse(Arrays.equals(before.get("c1.weight").data(), moved), "with a scaled rate c1 learns again");
    }

    @Test
    void labelsNameTheClassesOfIdxDataInTheCheckpointAndInPredictions() throws Exception {
        Path labels = dir.resolve("digits.txt");
        Files.writeString(labels, "zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n");
        Path out = dir.resolve("digits");
        tool("train", "LeNet5", "--data", data.toString(), "--labels", labels.toString(), "--epochs", "1", "--max-steps",
                "1", "--out", out.toString());
        Path weights = out.resolve("best.safetensors");
        assertEquals("[\"zero\", \"one\", \"two\", \"three\", \"four\", \"five\", \"six\", \"seven\", \"eight\", \"nine\"]",
                Checkpoints.metadata(weights).get(Checkpoints.CLASSES_KEY));
        ToolRun predict = tool("predict", "LeNet5", "--weights", weights.toString(), "--data", data.toString(), "--index", "0");
        // test image 0 of Fashion-MNIST is labelled 9
        assertTrue(predict.out().contains("(labelled nine)"), predict.out());
        for (String line : predict.lines().subList(predict.lines().size() - 3, predict.lines().size())) {
            assertTrue(line.matches("  (zero|one|two|three|four|five|six|seven|eight|nine) +[01]\\.\\d{4}"), predict.out());
        }
    }
}
