package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results issue 3 promises users, through the tool, on the full data: minutes each, so only
 * with {@code -Dkiln.longTests=true} (or {@code KILN_LONG_TESTS=true}); the backend comes from
 * {@code kiln.backend} / {@code KILN_BACKEND} (default auto).
 */
class LongRunsTest {

    @BeforeEach
    void onlyWhenAsked() {
        boolean asked = Boolean.getBoolean("kiln.longTests") || "true".equals(System.getenv("KILN_LONG_TESTS"));
        assumeTrue(asked, "long training runs are off; enable with -Dkiln.longTests=true");
        assumeTrue(SmallFashionMnist.available(), "Fashion-MNIST is not installed");
    }

    static double accuracy(ToolRun run) {
        String last = run.lastLine();
        assertTrue(VerbsOnBackend.TEST_ACCURACY.matcher(last).matches(), run.out());
        return Double.parseDouble(last.substring("test accuracy: ".length()));
    }

    @Test
    void edgeDetectorLearnsTheEdgeKernelInOneEpoch(@TempDir Path dir) {
        // the course's setting: SGD lr 0.1, batch 32, one epoch, MSE; a NumPy loop ends within 0.04
        ToolRun run = ToolRun.of("train", "EdgeDetector", "--out", dir.toString());
        assertEquals(0, run.status(), run.toString());
        List<String> lines = run.lines();
        String diff = lines.stream().filter(l -> l.startsWith("largest difference from the edge kernel")).findFirst().orElseThrow();
        double d = Double.parseDouble(diff.substring(diff.lastIndexOf(' ') + 1));
        assertTrue(d < 0.1, String.format(Locale.ROOT, "every entry within 0.1 of the edge kernel, largest difference %.4f", d));
    }

    @Test
    void leNet5ReachesTheDl4jFigureInThreeEpochs(@TempDir Path dir) {
        // Deeplearning4j reaches 0.876 to 0.881 with the same setup (Adam 1e-3, batch 64, 3 epochs)
        ToolRun run = ToolRun.of("train", "LeNet5", "--epochs", "3", "--out", dir.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(accuracy(run) >= 0.875, run.lastLine());
    }

    @Test
    void fashionCnnReachesTheBenchmarkFigureInFiveEpochs(@TempDir Path dir) {
        // the Fashion-MNIST benchmark table lists 0.916 for two conv + pooling layers
        ToolRun run = ToolRun.of("train", "FashionCnn", "--epochs", "5", "--out", dir.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(accuracy(run) >= 0.91, run.lastLine());
    }

    @Test
    void theRgbSampleSeparatesColoursAndShapes(@TempDir Path dir) {
        // six balanced classes: chance is 0.167; colour and shape are both plainly visible, so near-perfect is expected
        ToolRun run = ToolRun.of("train", "ColourShapes", "--out", dir.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(accuracy(run) >= 0.9, run.lastLine());
    }
}
