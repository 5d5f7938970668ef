package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.cluster.ClusterSession;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.DivergenceException;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The non-finite-loss rule on Spark (docs/SPARK.md), with SGD with momentum:
 * a round in which some partition's loss stops being finite, or whose averaged weights are not finite
 * (an update overflowed while the losses were still finite), is discarded whole: the parameters, the
 * momentum and the running statistics stay those of the last averaging (on one machine the failing
 * step's forward has already moved the running statistics; here nothing of the round survives), the
 * training state on disk stays the last good round's, no checkpoint is written for the failed epoch,
 * and the run stops with a {@link DivergenceException} naming the epoch, the step and the cause.
 */
class NonFiniteLossOnSparkTest {
    @TempDir
    static Path dir;
    static KilnModel model;
    static Path data;

    @BeforeAll
    static void data() {
        LocalSpark.requireFashionMnist();
        model = Models.find("FashionResNet");
        data = IdxFolders.write(dir.resolve("fashion-400"), 400, 10, false);
    }

    private static TrainConfig exploding(double learningRate, Path checkpoints) {
        return TrainConfig.builder().epochs(1).batch(32).learningRate(learningRate).seed(0)
                .optimizer(OptimizerConfig.sgd().momentum(0.9).build()).validationFraction(0).checkpointDir(checkpoints).build();
    }

    private static SparkTraining training(KilnModel network, TrainConfig config, int averageEvery) {
        return SparkCluster.of(LocalSpark.session()).training(network, ClusterData.at(data.toUri()), config,
                new ClusterSession.Distribution(2, averageEvery));
    }

    /**
     * LeNet-5 (FashionResNet's Java pass keeps its loss finite even once its weights are not, so it never reaches this
     * rule), learning rate 1e10 and one round for the whole epoch: the second step's loss is NaN, inside the first round.
     * Nothing of the round survives: the weights are the initial ones.
     */
    @Test
    void aRoundWithANonFiniteLossIsDiscardedWholeAndTheRunStops() {
        KilnModel lenet = Models.find("LeNet5");
        Path run = dir.resolve("loss");
        SparkTraining training = training(lenet, exploding(1e10, run), 13);
        DivergenceException e = assertThrows(DivergenceException.class, training::fit);
        assertTrue(e.getMessage().matches("training LeNet5 on Spark diverged at epoch 1, step 2 of 13 \\(partition [01]\\): the"
                + " loss is NaN at learning rate 10000000000; the round is discarded, so the weights stay those of step 0; no"
                + " checkpoint was written\\. Lower the learning rate \\(--lr\\) or check the data\\."), e.getMessage());
        assertEquals(2, e.step());
        assertArrayEquals(Initializers.initialize(lenet.spec(), 0), training.finalState().params());
        assertArrayEquals(new float[lenet.spec().parameterCount()], training.finalState().first(), "no momentum yet");
        assertFalse(Files.exists(run.resolve("best.safetensors")));
        assertFalse(Files.exists(run.resolve(TrainingState.FILE)), "no round ended, so no state was saved");
    }

    /**
     * Learning rate 1e25, averaging after every step: within a few steps an update overflows while its loss is still
     * finite, so that round's average is not finite. The weights stay those the round before ended with, which the same
     * run stopped there gives.
     */
    @Test
    void aRoundWhoseAveragedWeightsAreNotFiniteIsDiscardedToo() {
        Path run = dir.resolve("overflow");
        SparkTraining training = training(model, exploding(1e25, run), 1);
        DivergenceException e = assertThrows(DivergenceException.class, training::fit);
        int last = e.step() - 1;
        assertTrue(e.getMessage().startsWith("training FashionResNet on Spark diverged at epoch 1, step " + e.step() + " of 13:"
                + " the losses were finite but the averaged weights are not ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("the round is discarded, so the weights stay those of step " + last + "; no"
                + " checkpoint was written. Lower the learning rate (--lr) or check the data."), e.getMessage());
        assertTrue(last >= 1, "the first update is finite: " + e.getMessage());
        SparkTraining shorter = training(model, exploding(1e25, null).toBuilder().maxStepsPerEpoch(last).build(), 1);
        shorter.fit();
        assertArrayEquals(shorter.finalState().params(), training.finalState().params());
        assertArrayEquals(shorter.finalState().state(), training.finalState().state(), "running statistics");
        assertArrayEquals(shorter.finalState().first(), training.finalState().first(), "momentum");
        TrainingState saved = TrainingState.read(run.resolve(TrainingState.FILE));
        assertEquals(last, saved.stepsDone(), "the state on disk is the last good round's");
        assertArrayEquals(shorter.finalState().params(), saved.params());
        assertArrayEquals(shorter.finalState().state(), saved.runningState());
        assertFalse(Files.exists(run.resolve("best.safetensors")));
    }
}
