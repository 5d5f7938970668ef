package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.OptimizerState;
import dev.kiln.runtime.optim.LearningRateSchedule;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, part 3: a run stopped at any step and resumed from its saved state ends with the same
 * parameters, optimiser state and history as the run that was never stopped (dropout on, Adam and
 * SGD with momentum, a validation split and early-stopping counters all in play).
 */
class ResumeTest {
    private static final Dataset DATA = Synthetic.leftRight("lr", 200, 3, false);

    private static TrainConfig config(Path dir, OptimizerConfig optimizer) {
        return TrainConfig.builder().epochs(3).batch(16).learningRate(0.02).seed(11).optimizer(optimizer)
                .patience(5).restoreBest(true).checkpointDir(dir).build();
    }

    /** Stops the trainer once {@code atStep} steps (counted over all epochs) are done. */
    private static TrainListener stopAfter(Trainer trainer, int atStep) {
        return new TrainListener() {
            int steps;

            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double loss, double accuracy, double imagesPerSecond) {
                if (++steps == atStep) {
                    trainer.requestStop();
                }
            }
        };
    }

    private record Finished(float[] params, OptimizerState optimizer, List<History.Epoch> history) {
    }

    private static Finished uninterrupted(Path dir, OptimizerConfig optimizer) {
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, optimizer)) {
            History h = new Trainer(b, Task.classification(), config(dir, optimizer)).fit(DATA);
            float[] p = new float[Synthetic.TINY_CNN.parameterCount()];
            b.getParameters(p);
            return new Finished(p, b.optimizerState(), h.epochs());
        }
    }

    private static Finished interruptedAndResumed(Path dir, OptimizerConfig optimizer, int stopAfter) {
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, optimizer)) {
            Trainer t = new Trainer(b, Task.classification(), config(dir, optimizer));
            History partial = t.listen(stopAfter(t, stopAfter)).fit(DATA);
            assertTrue(partial.interrupted(), "stopped");
        }
        TrainingState state = TrainingState.read(dir.resolve(TrainingState.FILE));
        // a fresh backend in a fresh trainer, as a new process would have
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, optimizer)) {
            History h = new Trainer(b, Task.classification(), config(dir, optimizer)).resumeFrom(state).fit(DATA);
            assertFalse(h.interrupted());
            float[] p = new float[Synthetic.TINY_CNN.parameterCount()];
            b.getParameters(p);
            return new Finished(p, b.optimizerState(), h.epochs());
        }
    }

    private static void assertSameRun(Finished expected, Finished actual) {
        assertArrayEquals(expected.params(), actual.params(), "parameters");
        assertEquals(expected.optimizer().steps(), actual.optimizer().steps(), "optimiser steps");
        assertArrayEquals(expected.optimizer().first(), actual.optimizer().first(), "first moment / momentum");
        assertArrayEquals(expected.optimizer().second(), actual.optimizer().second(), "second moment");
        assertEquals(expected.history().size(), actual.history().size());
        for (int i = 0; i < expected.history().size(); i++) {
            History.Epoch e = expected.history().get(i);
            History.Epoch a = actual.history().get(i);
            assertEquals(e.epoch(), a.epoch());
            assertEquals(e.trainLoss(), a.trainLoss(), 0, "train loss of epoch " + e.epoch());
            assertEquals(e.trainAccuracy(), a.trainAccuracy(), 0, "train accuracy of epoch " + e.epoch());
            assertEquals(e.validationLoss(), a.validationLoss(), 0, "validation loss of epoch " + e.epoch());
            assertEquals(e.validationAccuracy(), a.validationAccuracy(), 0);
            assertEquals(e.learningRate(), a.learningRate(), 0);
        }
    }

    @Test
    void resumingMidEpochOrAtAnEpochsEndGivesTheUninterruptedRun(@TempDir Path dir) throws Exception {
        // 180 training images in batches of 16: 12 steps per epoch
        for (OptimizerConfig optimizer : List.of(OptimizerConfig.adam().build(), OptimizerConfig.sgd().momentum(0.9).nesterov(true).weightDecay(1e-4).build())) {
            Finished expected = uninterrupted(Files.createTempDirectory(dir, "whole"), optimizer);
            for (int stop : new int[] {5, 12, 19}) {
                Finished resumed = interruptedAndResumed(Files.createTempDirectory(dir, "stop" + stop), optimizer, stop);
                assertSameRun(expected, resumed);
            }
        }
    }

    @Test
    void otherSettingsAreRefusedBeforeTheFirstStep(@TempDir Path dir) {
        OptimizerConfig adam = OptimizerConfig.adam().build();
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, adam)) {
            Trainer t = new Trainer(b, Task.classification(), config(dir, adam));
            t.listen(stopAfter(t, 3)).fit(DATA);
        }
        TrainingState state = TrainingState.read(dir.resolve(TrainingState.FILE));
        assertEquals(1, state.epoch());
        assertEquals(3, state.stepsDone());
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, adam)) {
            Trainer t = new Trainer(b, Task.classification(), config(dir, adam).toBuilder().batch(32).build()).resumeFrom(state);
            KilnException e = assertThrows(KilnException.class, () -> t.fit(DATA));
            assertEquals("cannot resume: a setting differs from the saved run's: batch 32 (saved: 16); resume with its "
                    + "settings (only the number of epochs may change)", e.getMessage());
        }
        KilnException missing = assertThrows(KilnException.class, () -> TrainingState.read(dir.resolve("none.safetensors")));
        assertTrue(missing.getMessage().startsWith("no training state to resume at "), missing.getMessage());
    }

    /** Issue 26 item 7: every setting that differs is named in one line, with the saved run's value. */
    @Test
    void eachDifferingSettingIsNamedInOneLine(@TempDir Path dir) {
        OptimizerConfig adam = OptimizerConfig.adam().build();
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, adam)) {
            Trainer t = new Trainer(b, Task.classification(), config(dir, adam)).silent();
            t.listen(stopAfter(t, 3)).fit(DATA);
        }
        TrainingState state = TrainingState.read(dir.resolve(TrainingState.FILE));
        OptimizerConfig sgd = OptimizerConfig.sgd().momentum(0.9).build();
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, sgd)) {
            TrainConfig other = config(dir, sgd).toBuilder().learningRate(0.05).schedule(LearningRateSchedule.cosine(0)).build();
            Trainer t = new Trainer(b, Task.classification(), other).silent().resumeFrom(state);
            KilnException e = assertThrows(KilnException.class, () -> t.fit(DATA));
            assertEquals("cannot resume: settings differ from the saved run's: optimizer sgd (momentum 0.9) (saved: adam), "
                    + "learning rate 0.05 (saved: 0.02), schedule rates 1/0.5/0.0000024674 of the base at the "
                    + "start/middle/end (saved: rates 1/1/1 of the base at the start/middle/end); resume with its settings (only "
                    + "the number of epochs may change)", e.getMessage());
        }
    }

    /**
     * Issue 26 item 7: a finished run is extended by raising the epochs. At a constant rate it continues as the
     * longer run would have gone; on the cosine schedule the rates of the added epochs follow the cosine over the
     * new total, as the note says.
     */
    @Test
    void aFinishedRunIsExtendedByRaisingTheEpochs(@TempDir Path dir) throws Exception {
        OptimizerConfig adam = OptimizerConfig.adam().build();
        Finished five;
        Path whole = Files.createTempDirectory(dir, "five");
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, adam)) {
            History h = new Trainer(b, Task.classification(), config(whole, adam).toBuilder().epochs(5).build()).silent()
                    .fit(DATA);
            float[] p = new float[Synthetic.TINY_CNN.parameterCount()];
            b.getParameters(p);
            five = new Finished(p, b.optimizerState(), h.epochs());
        }
        Path extended = Files.createTempDirectory(dir, "three-then-five");
        uninterrupted(extended, adam);
        TrainingState state = TrainingState.read(extended.resolve(TrainingState.FILE));
        List<String> notes = new ArrayList<>();
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, adam)) {
            History h = new Trainer(b, Task.classification(), config(extended, adam).toBuilder().epochs(5).build()).silent()
                    .listen(note(notes)).resumeFrom(state).fit(DATA);
            float[] p = new float[Synthetic.TINY_CNN.parameterCount()];
            b.getParameters(p);
            assertSameRun(five, new Finished(p, b.optimizerState(), h.epochs()));
        }
        // 180 training images in batches of 16: 12 steps per epoch, 36 done, 60 in all
        assertEquals(List.of("the run of 3 epochs continues to 5 (60 steps in all), from epoch 4 after step 0; the learning "
                + "rate schedule is as before"), notes);

        Path cosine = Files.createTempDirectory(dir, "cosine");
        TrainConfig three = config(cosine, adam).toBuilder().schedule(LearningRateSchedule.cosine(0)).build();
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, adam)) {
            new Trainer(b, Task.classification(), three).silent().fit(DATA);
        }
        notes.clear();
        History h;
        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, adam)) {
            h = new Trainer(b, Task.classification(), three.toBuilder().epochs(5).build()).silent().listen(note(notes))
                    .resumeFrom(TrainingState.read(cosine.resolve(TrainingState.FILE))).fit(DATA);
        }
        // by hand: an epoch's rate is its last step's, 0.02 (1 + cos(pi s / 60)) / 2 at s = 47 and 59
        assertEquals(0.02 * (1 + Math.cos(Math.PI * 47 / 60)) / 2, h.epochs().get(3).learningRate(), 1e-12);
        assertEquals(0.02 * (1 + Math.cos(Math.PI * 59 / 60)) / 2, h.epochs().get(4).learningRate(), 1e-12);
        // step 36 of 60: 0.02 (1 + cos(0.6 pi)) / 2 = 0.00690983; of 36 it was the floor, 0 (the state now says 5 epochs)
        assertEquals(List.of("the run of 3 epochs continues to 5 (60 steps in all), from epoch 4 after step 0; the learning "
                + "rate schedule is stretched over all 5 epochs, as if the run had been started with them: it goes on at "
                + "0.00690983 (0 in the run of 3) and reaches 0 at the new end"), notes);

        try (ReferenceBackend b = new ReferenceBackend(Synthetic.TINY_CNN, adam)) {
            KilnException fewer = assertThrows(KilnException.class, () -> new Trainer(b, Task.classification(),
                    three.toBuilder().epochs(2).build()).silent().resumeFrom(TrainingState.read(cosine.resolve(
                    TrainingState.FILE))).fit(DATA));
            assertEquals("cannot resume with 2 epochs: the saved run has done 5", fewer.getMessage());
        }
    }

    /** A conv, batch norm and dense network: running statistics that restore-best must bring back with the parameters. */
    static final NetworkSpec WITH_BATCH_NORM = SpecBuilder.of("t.Normed", 1, 4, 4, Loss.SOFTMAX_CROSS_ENTROPY)
            .conv("c1", 4, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, false, Activation.NONE,
                    Init.DEFAULT)
            .batchNorm("n1", 1e-5, 0.1, Activation.RELU)
            .flatten("flat")
            .dense("out", 2, true, Activation.NONE, Init.DEFAULT)
            .build();

    /**
     * Issue 27 item 5: the best epoch's running statistics are part of the saved state. A run whose best epoch
     * is not its last restores them at the end; resumed, it used to restore zeros (its variance), so every
     * output after a resume was wrong by orders of magnitude.
     */
    @Test
    void theBestEpochsRunningStatisticsSurviveAResume(@TempDir Path dir) throws Exception {
        Dataset train = Synthetic.leftRight("lr", 96, 3, false);
        Dataset anti = Synthetic.leftRight("anti", 32, 4, true); // fitting the data makes this loss worse: epoch 1 is best
        OptimizerConfig sgd = OptimizerConfig.sgd().momentum(0.9).build();
        TrainConfig config = TrainConfig.builder().epochs(3).batch(16).learningRate(0.05).seed(2).optimizer(sgd).build();
        float[][] expected;
        try (ReferenceBackend b = new ReferenceBackend(WITH_BATCH_NORM, sgd)) {
            History h = new Trainer(b, Task.classification(), config.toBuilder().checkpointDir(Files.createTempDirectory(dir,
                    "whole")).build()).silent().fit(train, anti);
            assertTrue(h.restoredBest() && h.bestEpoch() < 3, "the case restores an earlier epoch: best " + h.bestEpoch());
            expected = finalParamsAndState(b);
        }
        Path stopped = Files.createTempDirectory(dir, "stopped");
        TrainConfig stoppable = config.toBuilder().checkpointDir(stopped).build();
        try (ReferenceBackend b = new ReferenceBackend(WITH_BATCH_NORM, sgd)) {
            Trainer t = new Trainer(b, Task.classification(), stoppable).silent();
            t.listen(stopAfter(t, 15)).fit(train, anti); // in epoch 3, after epoch 1's best was kept
        }
        try (ReferenceBackend b = new ReferenceBackend(WITH_BATCH_NORM, sgd)) {
            new Trainer(b, Task.classification(), stoppable).silent().resumeFrom(TrainingState.read(stopped.resolve(
                    TrainingState.FILE))).fit(train, anti);
            float[][] actual = finalParamsAndState(b);
            assertArrayEquals(expected[0], actual[0], "parameters");
            assertArrayEquals(expected[1], actual[1], "running statistics"); // were zeros
        }
    }

    private static float[][] finalParamsAndState(ReferenceBackend b) {
        float[] p = new float[WITH_BATCH_NORM.parameterCount()];
        float[] s = new float[WITH_BATCH_NORM.stateCount()];
        b.getParameters(p);
        b.getState(s);
        return new float[][] {p, s};
    }

    private static TrainListener note(List<String> notes) {
        return new TrainListener() {
            @Override
            public void onResume(String note) {
                notes.add(note);
            }
        };
    }
}
