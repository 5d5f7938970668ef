package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results issue 3 promises users, through the tool, on the full data: minutes each, so tagged
 * {@code long}: {@code mvn -B verify -Dkiln.test.exclude=none -Dgroups=long -pl tool -am}; the backend comes from
 * {@code kiln.backend} / {@code KILN_BACKEND} (default auto).
 *
 * <p>Each bar is an anchor from outside Kiln less a stated margin, with the seed fixed (0), so a
 * run that merely repeats Kiln's own last figure is not what is asked: {@link #MARGIN} is 0.015,
 * three times the 0.005 by which two runs of the same LeNet-5 differ when only the summation order
 * changes (the README's Java 0.8752 and OpenCL 0.8798 runs) and about the spread of seeds 0 to 2
 * (0.8752 to 0.8782, issue 3).
 */
@Tag("long")
class LongRunsTest {

    @BeforeEach
    void onlyWhenAsked() {
        assumeTrue(SmallFashionMnist.available(), "Fashion-MNIST is not installed");
    }

    /** What a bar leaves below its anchor. */
    static final double MARGIN = 0.015;
    /** Deeplearning4j with the same setup (Adam 1e-3, batch 64, 3 epochs): 0.876 to 0.881 across seeds (issue 3); the low end. */
    static final double DL4J_LENET5 = 0.876;
    /** Zalando's Fashion-MNIST benchmark table: 0.916 for two conv + pooling layers. */
    static final double BENCHMARK_TWO_CONV = 0.916;

    /**
     * PyTorch with FashionResNet's network and recipe (SGD Nesterov 0.9, weight decay 5e-4, lr 0.1 cosine per
     * step, batch 128, 12 epochs, 10% validation, Kiln's initialisers; {@code scripts/fixtures/fashion_resnet.py
     * --width 32 --epochs 12}, seed 0): test accuracy 0.9265 (scripts/fixtures/FASHIONRESNET.md). The outside
     * anchor of FashionResNet's bar.
     */
    static final double PYTORCH_FASHION_RESNET = 0.9265;

    /**
     * Issue 10's goal for FashionResNet (the Fashion-MNIST benchmark table's best CNN rows under 100K
     * parameters), in at most 15 minutes on 2 cores; Kiln's Java backend measured 0.9288 with one worker and
     * 0.9290 with two, in 13 min 35 s. A regression guard on that run, not an outside-anchored bar: it sits
     * 0.0015 below PyTorch's figure for the same recipe, far less than {@link #MARGIN}, so a correct run may
     * miss it by chance. The outside-anchored bar is {@link #PYTORCH_FASHION_RESNET} less {@link #MARGIN}.
     */
    static final double FASHION_RESNET_GOAL = 0.925;

    static double accuracy(ToolRun run) {
        String last = run.lastLine();
        assertTrue(VerbsOnBackend.TEST_ACCURACY.matcher(last).matches(), run.out());
        return Double.parseDouble(last.substring("test accuracy: ".length()));
    }

    @Test
    void leNet5ReachesTheDl4jFigureInThreeEpochs(@TempDir Path dir) {
        ToolRun run = ToolRun.of("train", "LeNet5", "--epochs", "3", "--seed", "0", "--out", dir.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(accuracy(run) >= DL4J_LENET5 - MARGIN, run.lastLine() + ", bar " + (DL4J_LENET5 - MARGIN));
    }

    @Test
    void fashionCnnReachesTheBenchmarkFigureInFiveEpochs(@TempDir Path dir) {
        ToolRun run = ToolRun.of("train", "FashionCnn", "--epochs", "5", "--seed", "0", "--out", dir.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(accuracy(run) >= BENCHMARK_TWO_CONV - MARGIN, run.lastLine() + ", bar " + (BENCHMARK_TWO_CONV - MARGIN));
    }

    /** Issue 10's run: the defaults are the recipe, so the plain command is what is measured (README). */
    @Test
    void fashionResNetReachesTheGoal(@TempDir Path dir) {
        ToolRun run = ToolRun.of("train", "FashionResNet", "--seed", "0", "--out", dir.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(accuracy(run) >= PYTORCH_FASHION_RESNET - MARGIN, run.lastLine() + ", bar "
                + (PYTORCH_FASHION_RESNET - MARGIN) + " (PyTorch's " + PYTORCH_FASHION_RESNET + " for the same recipe less "
                + MARGIN + ")");
        assertTrue(accuracy(run) >= FASHION_RESNET_GOAL, run.lastLine() + ", issue 10's goal " + FASHION_RESNET_GOAL
                + " (a regression guard: PyTorch's own run of the recipe reaches " + PYTORCH_FASHION_RESNET + ")");
    }

    @Test
    void theRgbSampleSeparatesColoursAndShapes(@TempDir Path dir) {
        // A regression guard, not a figure from outside Kiln: the coloured shapes are Kiln's own synthetic set, which
        // no other tool has been run on. Six balanced classes make chance 0.167; colour and shape are both plainly
        // visible, so near-perfect is expected; 3 epochs already reach 0.807 (seed 7), and the bar is 0.9
        ToolRun run = ToolRun.of("train", "ColourShapes", "--seed", "0", "--out", dir.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(accuracy(run) >= 0.9, run.lastLine());
    }
}
