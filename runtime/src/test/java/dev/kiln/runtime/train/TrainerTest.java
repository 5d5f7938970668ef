package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.backend.InvalidInputException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on the double-precision reference backend, with small synthetic data. */
class TrainerTest {
    private static final Dataset TRAIN = Synthetic.leftRight("lr/train", 256, 1, false);
    private static final Dataset VALID = Synthetic.leftRight("lr/valid", 64, 2, false);

    private static ReferenceBackend reference(NetworkSpec spec) {
        return new ReferenceBackend(spec, OptimizerConfig.adam().build());
    }

    private static TrainConfig quick() {
        return TrainConfig.builder().epochs(4).batch(16).learningRate(0.02).seed(5).build();
    }

    private static float[] params(ReferenceBackend b) {
        float[] p = new float[b.spec().parameterCount()];
        b.getParameters(p);
        return p;
    }

    @Test
    void lossDecreasesAndTheNetworkLearnsTheSeparableData() {
        ReferenceBackend backend = reference(Synthetic.TINY_CNN);
        History h = new Trainer(backend, Task.classification(), quick()).fit(TRAIN, VALID);
        List<History.Epoch> e = h.epochs();
        assertEquals(4, e.size());
        assertTrue(e.get(3).trainLoss() < 0.5 * e.get(0).trainLoss(), h.toCsv());
        assertTrue(e.get(3).validationAccuracy() > 0.95, h.toCsv());
        assertEquals(0.95 < Evaluation.evaluate(backend, VALID, Task.classification()).accuracy(), true);
        assertTrue(e.get(3).imagesPerSecond() > 0 && e.get(3).seconds() > 0);
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnother() {
        ReferenceBackend a = reference(Synthetic.TINY_CNN);
        ReferenceBackend b = reference(Synthetic.TINY_CNN);
        ReferenceBackend c = reference(Synthetic.TINY_CNN);
        TrainConfig config = quick().toBuilder().epochs(2).validationFraction(0.25).build();
        History ha = new Trainer(a, Task.classification(), config).fit(TRAIN);
        History hb = new Trainer(b, Task.classification(), config).fit(TRAIN);
        new Trainer(c, Task.classification(), config.toBuilder().seed(6).build()).fit(TRAIN);
        for (int i = 0; i < 2; i++) {
            History.Epoch x = ha.epochs().get(i);
            History.Epoch y = hb.epochs().get(i);
            assertEquals(x.trainLoss(), y.trainLoss(), "epoch " + (i + 1));
            assertEquals(x.trainAccuracy(), y.trainAccuracy());
            assertEquals(x.validationLoss(), y.validationLoss());
            assertEquals(x.validationAccuracy(), y.validationAccuracy());
        }
        assertArrayEquals(params(a), params(b));
        assertFalse(java.util.Arrays.equals(params(a), params(c)), "seed 6 trains differently");
    }

    @Test
    void earlyStoppingRestoresAndCheckpointsTheBestEpoch(@TempDir Path dir) {
        // Validation labels are the opposite of the training labels: every epoch of learning makes
        // the validation loss worse, so epoch 1 stays the best.
        Dataset anti = Synthetic.leftRight("lr/anti", 64, 2, true);
        ReferenceBackend backend = reference(Synthetic.TINY_CNN);
        List<float[]> perEpoch = new ArrayList<>();
        TrainConfig config = quick().toBuilder().epochs(10).patience(2).restoreBest(true).checkpointDir(dir).build();
        History h = new Trainer(backend, Task.classification(), config).listen(new TrainListener() {
            @Override
            public void onEpoch(History.Epoch epoch, boolean best) {
                perEpoch.add(params(backend));
            }
        }).fit(TRAIN, anti);

        assertTrue(h.stoppedEarly());
        assertEquals(3, h.epochs().size(), h.toCsv());
        assertEquals(1, h.bestEpoch());
        assertTrue(h.restoredBest());
        assertArrayEquals(perEpoch.get(0), params(backend), "the parameters of epoch 1 are back");
        assertNotEquals(perEpoch.get(0)[0], perEpoch.get(2)[0]);
        Path file = dir.resolve(TrainConfig.CHECKPOINT_FILE);
        assertTrue(Files.exists(file));
        assertArrayEquals(perEpoch.get(0), Checkpoints.load(file, Synthetic.TINY_CNN), "the checkpoint holds epoch 1");
    }

    @Test
    void withoutRestoreTheLastParametersStay() {
        Dataset anti = Synthetic.leftRight("lr/anti", 64, 2, true);
        ReferenceBackend backend = reference(Synthetic.TINY_CNN);
        List<float[]> perEpoch = new ArrayList<>();
        History h = new Trainer(backend, Task.classification(), quick().toBuilder().epochs(10).patience(1).restoreBest(false).build())
                .listen(new TrainListener() {
                    @Override
                    public void onEpoch(History.Epoch epoch, boolean best) {
                        perEpoch.add(params(backend));
                    }
                }).fit(TRAIN, anti);
        assertEquals(2, h.epochs().size());
        assertFalse(h.restoredBest());
        assertArrayEquals(perEpoch.get(1), params(backend));
    }

    @Test
    void theConfiguredOptimizerIsTheOneThatRuns() {
        // issue 15: withOptimizer used to be ignored (the backend's optimiser ran) while the progress line named it
        TrainConfig sgd = quick().toBuilder().epochs(1).optimizer(OptimizerConfig.sgd().momentum(0.9).build()).validationFraction(0).build();
        float[] openedWithAdam = new float[Synthetic.TINY_CNN.parameterCount()];
        float[] openedWithSgd = new float[Synthetic.TINY_CNN.parameterCount()];
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, OptimizerConfig.adam().build())) {
            new Trainer(b, Task.classification(), sgd).silent().fit(TRAIN);
            b.getParameters(openedWithAdam);
        }
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, OptimizerConfig.sgd().momentum(0.9).build())) {
            new Trainer(b, Task.classification(), sgd).silent().fit(TRAIN);
            b.getParameters(openedWithSgd);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(openedWithSgd, openedWithAdam, "SGD ran in both");
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, OptimizerConfig.adam().build())) {
            new Trainer(b, Task.classification(), sgd).listen(new ProgressBar(new java.io.PrintStream(log, true), false)).fit(TRAIN);
        }
        assertTrue(log.toString().contains("sgd lr 0.02"), log.toString());
    }

    @Test
    void divergenceStopsNamingEpochAndStepAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) {
        // Plain SGD with a learning rate that jumps to 1e6 in the second epoch: the weights explode.
        NetworkSpec linear = SpecBuilder.of("t.Regression", 1, 4, 4, Loss.MEAN_SQUARED_ERROR)
                .flatten("flat").dense("out", 1, true, Activation.NONE, Init.DEFAULT).build();
        Task brightness = Task.imageTarget("brightness", in -> Shape.vector(1),
                (images, off, in, targets, toff, out) -> targets[toff] = images[off] * 3);
        ReferenceBackend backend = new ReferenceBackend(linear, OptimizerConfig.sgd().build());
        TrainConfig config = quick().toBuilder().epochs(3).checkpointDir(dir).optimizer(OptimizerConfig.sgd().build())
                .schedule((base, epoch, step, total) -> epoch == 0 ? 0.01 : 1e6).build();
        List<String> failures = new ArrayList<>();
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> new Trainer(backend, brightness, config).listen(new TrainListener() {
                    @Override
                    public void onFailure(dev.kiln.runtime.KilnException error) {
                        failures.add(error.getMessage());
                    }
                }).fit(TRAIN, VALID));
        assertEquals(2, e.epoch());
        assertTrue(e.step() >= 1 && e.step() <= 16, "step " + e.step());
        assertTrue(e.getMessage().startsWith("training Regression diverged at epoch 2, step " + e.step() + " of 16: the loss is "),
                e.getMessage());
        assertTrue(e.getMessage().contains(" at learning rate 1000000; the last good checkpoint (epoch 1) stays at "
                        + dir.resolve("best.safetensors") + ". Lower the learning rate"),
                e.getMessage());
        assertEquals(List.of(e.getMessage()), failures);
        float[] kept = Checkpoints.load(dir.resolve(TrainConfig.CHECKPOINT_FILE), linear);
        for (float v : kept) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void badDataIsRefusedBeforeTheFirstStep() {
        ReferenceBackend backend = reference(Synthetic.TINY_CNN);
        float[] before = params(backend);
        List<String> started = new ArrayList<>();
        TrainListener spy = new TrainListener() {
            @Override
            public void onStart(Start s) {
                started.add("started");
            }
        };
        int[] labels = TRAIN.labels().clone();
        labels[200] = 2;
        Dataset badLabel = new Dataset("bad", TRAIN.shape(), TRAIN.images(), labels, List.of("a", "b"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Trainer(backend, Task.classification(), quick()).listen(spy).fit(badLabel, VALID));
        assertEquals("bad: label 2 of image 200 is outside the class range [0, 2)", e.getMessage());

        float[] images = TRAIN.images().clone();
        images[17] = Float.NaN;
        Dataset nan = new Dataset("nan", TRAIN.shape(), images, TRAIN.labels(), TRAIN.classNames());
        e = assertThrows(InvalidInputException.class,
                () -> new Trainer(backend, Task.classification(), quick()).listen(spy).fit(TRAIN, nan));
        assertEquals("nan: image 1 has NaN at pixel 1; inputs must be finite", e.getMessage());

        Dataset wrongShape = new Dataset("big", Shape.of(1, 8, 2), TRAIN.images(), TRAIN.labels(), TRAIN.classNames());
        e = assertThrows(InvalidInputException.class,
                () -> new Trainer(backend, Task.classification(), quick()).listen(spy).fit(wrongShape, VALID));
        assertEquals("TinyCnn takes images of (1, 4, 4), but big holds images of (1, 8, 2)", e.getMessage());

        assertEquals(List.of(), started);
        assertArrayEquals(before, params(backend), "nothing was trained");
    }

    @Test
    void maxStepsPerEpochCapsAShortRun() {
        ReferenceBackend backend = reference(Synthetic.TINY_CNN);
        int[] steps = new int[1];
        new Trainer(backend, Task.classification(), quick().toBuilder().epochs(2).maxStepsPerEpoch(3).build())
                .listen(new TrainListener() {
                    @Override
                    public void onStep(int epoch, int step, int stepsInEpoch, double loss, double acc, double rate) {
                        steps[0]++;
                        assertEquals(3, stepsInEpoch);
                    }
                }).fit(TRAIN, null);
        assertEquals(6, steps[0]);
    }

    @Test
    void aBinaryTaskTrainsOneSigmoidUnitOnTargetsMadeFromTheLabels() {
        NetworkSpec binary = SpecBuilder.of("t.Right", 1, 4, 4, Loss.BINARY_CROSS_ENTROPY)
                .flatten("flat").dense("out", 1, true, Activation.SIGMOID, Init.DEFAULT).build();
        ReferenceBackend backend = reference(binary);
        Task right = Task.binary("right", label -> label == 1);
        History h = new Trainer(backend, right, quick().toBuilder().epochs(3).build()).fit(TRAIN, VALID);
        assertTrue(h.last().validationAccuracy() > 0.95, h.toCsv());
        Evaluation e = Evaluation.evaluate(backend, VALID, right);
        assertEquals(List.of("not right", "right"), e.classNames());
        assertEquals(VALID.size(), e.confusion()[0][0] + e.confusion()[0][1] + e.confusion()[1][0] + e.confusion()[1][1]);
    }

    @Test
    void theScheduleSetsEachEpochsLearningRate() {
        ReferenceBackend backend = reference(Synthetic.TINY_CNN);
        History h = new Trainer(backend, Task.classification(),
                quick().toBuilder().epochs(3).maxStepsPerEpoch(2).schedule(dev.kiln.runtime.optim.LearningRateSchedule.step(1, 0.5)).build())
                .fit(TRAIN, null);
        assertEquals(0.02, h.epochs().get(0).learningRate(), 1e-12);
        assertEquals(0.01, h.epochs().get(1).learningRate(), 1e-12);
        assertEquals(0.005, h.epochs().get(2).learningRate(), 1e-12);
        assertTrue(Double.isNaN(h.last().validationLoss()), "no validation set");
    }
}
