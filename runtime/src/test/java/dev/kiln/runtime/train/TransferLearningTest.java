package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.io.CheckpointException;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.io.InitReport;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --init-from, --init-map, --freeze and --lr-scale through the trainer, on the reference backend. */
class TransferLearningTest {
    @TempDir
    Path dir;

    /** TINY_CNN's backbone (c1: 4 filters of 3x3 on 4x4, so 4 x 2 x 2 = 16 features) with a three-class head. */
    static final NetworkSpec NEW_HEAD = NetworkSpec.builder("t.NewHead", 1, 4, 4, Loss.SOFTMAX_CROSS_ENTROPY)
            .conv("c1", 4, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU,
                    Init.DEFAULT)
            .flatten("flat")
            .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
            .build();

    /** The same layers as TINY_CNN under other names. */
    static final NetworkSpec RENAMED = NetworkSpec.builder("t.Renamed", 1, 4, 4, Loss.SOFTMAX_CROSS_ENTROPY)
            .conv("features", 4, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                    Activation.RELU, Init.DEFAULT)
            .flatten("flat")
            .dense("head", 2, true, Activation.NONE, Init.DEFAULT)
            .build();

    private static float[] params(ReferenceBackend b) {
        float[] p = new float[b.spec().parameterCount()];
        b.getParameters(p);
        return p;
    }

    private static float[] slice(NetworkSpec spec, float[] all, String name) {
        var p = spec.param(name);
        return Arrays.copyOfRange(all, p.offset(), p.offset() + p.size());
    }

    private Path trainedTiny() {
        Path file = dir.resolve("tiny.safetensors");
        ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, OptimizerConfig.adam().build());
        new Trainer(b, Task.classification(), TrainConfig.builder().epochs(1).batch(32).seed(3)
                .validationFraction(0).build()).fit(Synthetic.leftRight("t", 64, 1, false));
        Checkpoints.save(file, Synthetic.TINY_CNN, params(b), Map.of());
        return file;
    }

    @Test
    void initFromLoadsWhatMatchesAndReportsWhatWasSkippedAndLeft() {
        Path file = trainedTiny();
        float[] saved = Checkpoints.load(file, Synthetic.TINY_CNN);
        float[] start = Initializers.initialize(NEW_HEAD, 9);
        float[] fresh = start.clone();
        InitReport r = Checkpoints.initFrom(file, NEW_HEAD, start, Map.of());
        assertEquals(List.of("c1.weight", "c1.bias"), r.loaded());
        assertEquals(List.of("out.weight: file (2, 16), network (3, 16)", "out.bias: file (2), network (3)"), r.skipped());
        assertEquals(List.of(), r.left());
        assertEquals(List.of(), r.unused());
        assertArrayEquals(slice(Synthetic.TINY_CNN, saved, "c1.weight"), slice(NEW_HEAD, start, "c1.weight"));
        assertArrayEquals(slice(NEW_HEAD, fresh, "out.weight"), slice(NEW_HEAD, start, "out.weight"));
    }

    @Test
    void initMapRenamesWholePrefixes() {
        Path file = trainedTiny();
        float[] start = Initializers.initialize(RENAMED, 1);
        InitReport r = Checkpoints.initFrom(file, RENAMED, start, Map.of("c1", "features"));
        assertEquals(List.of("c1.weight -> features.weight", "c1.bias -> features.bias"), r.loaded());
        assertEquals(List.of("head.weight", "head.bias"), r.left());
        assertEquals(List.of("out.weight (2, 16)", "out.bias (2)"), r.unused());
        // a prefix matches whole parts: "c" is not a prefix of "c1.weight"
        float[] other = Initializers.initialize(RENAMED, 1);
        assertThrows(CheckpointException.class, () -> Checkpoints.initFrom(file, RENAMED, other, Map.of("c", "features")));
    }

    @Test
    void aCheckpointOfAnUnrelatedNetworkChangesNothingAndSaysWhy() throws Exception {
        Path file = trainedTiny();
        float[] start = Initializers.initialize(RENAMED, 1);
        float[] before = start.clone();
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.initFrom(file, RENAMED, start, Map.of()));
        assertTrue(e.getMessage().contains("not one tensor fits Renamed") && e.getMessage().contains("--init-map"),
                e.getMessage());
        assertArrayEquals(before, start);
        Path damaged = dir.resolve("damaged.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(damaged, bytes);
        assertThrows(CheckpointException.class, () -> Checkpoints.initFrom(damaged, NEW_HEAD, start, Map.of()));
        assertArrayEquals(before, start);
    }

    @Test
    void frozenLayersStayBitForBitWhileTheRestLearns() {
        Path file = trainedTiny();
        float[] saved = Checkpoints.load(file, Synthetic.TINY_CNN);
        ReferenceBackend b = new ReferenceBackend(NEW_HEAD, OptimizerConfig.adam().build());
        List<InitReport> reports = new ArrayList<>();
        TrainConfig config = TrainConfig.builder().epochs(2).batch(16).seed(4).learningRate(0.05)
                .initFrom(file).freeze("c1").build();
        History h = new Trainer(b, Task.classification(), config).listen(new TrainListener() {
            @Override
            public void onInitFrom(Path f, InitReport report) {
                reports.add(report);
            }
        }).fit(Synthetic.leftRight("t", 128, 2, false));
        assertEquals(1, reports.size());
        float[] after = params(b);
        assertArrayEquals(slice(Synthetic.TINY_CNN, saved, "c1.weight"), slice(NEW_HEAD, after, "c1.weight"));
        assertArrayEquals(slice(Synthetic.TINY_CNN, saved, "c1.bias"), slice(NEW_HEAD, after, "c1.bias"));
        float[] initialHead = slice(NEW_HEAD, Initializers.initialize(NEW_HEAD, 4), "out.weight");
        assertNotEquals(Arrays.toString(initialHead), Arrays.toString(slice(NEW_HEAD, after, "out.weight")));
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss() * 1.5, h.toCsv());
    }

    @Test
    void lrScaleScalesOneLayersSgdStepExactly() {
        // SGD without momentum: one step moves each parameter by -lr * factor * grad, so the scaled
        // layer's move is half the unscaled run's and the other layer's is the same.
        var data = Synthetic.leftRight("t", 16, 3, false);
        TrainConfig base = TrainConfig.builder().epochs(1).batch(16).seed(2).learningRate(0.1)
                .optimizer(OptimizerConfig.sgd().build()).validationFraction(0).build();
        NetworkSpec spec = Synthetic.TINY_CNN;
        float[] start = Initializers.initialize(spec, 2);
        ReferenceBackend plain = new ReferenceBackend(spec, OptimizerConfig.sgd().build());
        new Trainer(plain, Task.classification(), base).fit(data);
        ReferenceBackend scaled = new ReferenceBackend(spec, OptimizerConfig.sgd().build());
        new Trainer(scaled, Task.classification(), base.toBuilder().lrScale(Map.of("out", 0.5)).build()).fit(data);
        float[] p = params(plain);
        float[] s = params(scaled);
        var out = spec.param("out.weight");
        for (int i = out.offset(); i < out.offset() + out.size(); i++) {
            double full = p[i] - start[i];
            double half = s[i] - start[i];
            assertEquals(full / 2, half, 1e-6 + 1e-4 * Math.abs(full), "out.weight[" + (i - out.offset()) + "]");
        }
        assertArrayEquals(slice(spec, p, "c1.weight"), slice(spec, s, "c1.weight"));
    }

    @Test
    void unknownLayersInFreezeOrLrScaleAreNamedBeforeAnyWork() {
        ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, OptimizerConfig.adam().build());
        KilnException e = assertThrows(KilnException.class, () -> new Trainer(b, Task.classification(),
                TrainConfig.builder().freeze("c1", "conv9").build()).fit(Synthetic.leftRight("t", 32, 1, false)));
        assertEquals("TinyCnn has no layer conv9 (named in --freeze or --lr-scale); its layers with parameters are [c1, out]",
                e.getMessage());
        KilnException noParams = assertThrows(KilnException.class, () -> TrainConfig.builder().freeze("flat").build()
                .fineTune().groups(Synthetic.TINY_CNN));
        assertTrue(noParams.getMessage().startsWith("flat of TinyCnn has no parameters"), noParams.getMessage());
        assertThrows(KilnException.class, () -> TrainConfig.builder().freeze("c1").lrScale(Map.of("c1", 0.5)).build());
        assertThrows(KilnException.class, () -> TrainConfig.builder().lrScale(Map.of("c1", 0.0)).build());
    }
}
