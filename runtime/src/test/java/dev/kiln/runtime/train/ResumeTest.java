package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.OptimizerState;
import dev.kiln.runtime.reference.ReferenceBackend;
import java.nio.file.Files;
import java.nio.file.Path;
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
            assertTrue(e.getMessage().startsWith("cannot resume: the saved run had "), e.getMessage());
            assertTrue(e.getMessage().contains("batch 16") && e.getMessage().contains("batch 32"), e.getMessage());
        }
        KilnException missing = assertThrows(KilnException.class, () -> TrainingState.read(dir.resolve("none.safetensors")));
        assertTrue(missing.getMessage().startsWith("no training state to resume at "), missing.getMessage());
    }
}
