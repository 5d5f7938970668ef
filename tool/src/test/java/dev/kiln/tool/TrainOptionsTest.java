package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Models;
import dev.kiln.runtime.Required;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.samples.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln train}'s optimiser options (issue 10: FashionResNet's recipe needs SGD with Nesterov
 * momentum, weight decay and a cosine schedule): each option reaches the optimiser, missing ones come
 * from the network's workload, and SGD-only options given with Adam are refused, never dropped.
 */
class TrainOptionsTest {

    private static Recipe workload(String sample) {
        return Recipe.of(Models.find(sample).spec());
    }

    @Test
    void batchNormNetworksDefaultToTheResidualRecipe() {
        Recipe resnet = workload("FashionResNet");
        // scripts/fixtures/FASHIONRESNET.md: SGD, Nesterov momentum 0.9, weight decay 5e-4, lr 0.1 cosine, batch 128, 12 epochs
        assertEquals("sgd", resnet.optimizer());
        assertEquals(0.9, resnet.momentum());
        assertTrue(resnet.nesterov());
        assertEquals(5e-4, resnet.weightDecay());
        assertTrue(resnet.cosine());
        assertEquals(0.1, resnet.learningRate());
        assertEquals(128, resnet.batch());
        assertEquals(12, resnet.epochs());
        assertEquals(OptimizerConfig.sgd().momentum(0.9).nesterov(true).weightDecay(5e-4).build(), new TrainOptions().optimizer(resnet));
        // a chain without batch norm keeps Adam at 1e-3 and a constant rate
        Recipe lenet = workload("LeNet5");
        assertEquals(OptimizerConfig.adam().build(), new TrainOptions().optimizer(lenet));
        assertFalse(lenet.cosine());
    }

    @Test
    void everyOptionReachesTheOptimiser() {
        TrainOptions verb = new TrainOptions();
        verb.optimizer = TrainOptions.OptimizerChoice.SGD;
        verb.momentum = 0.8;
        verb.nesterov = true;
        verb.weightDecay = 1e-4;
        assertEquals(OptimizerConfig.sgd().momentum(0.8).nesterov(true).weightDecay(1e-4).build(), verb.optimizer(workload("LeNet5")));
        // switching FashionResNet to Adam drops the SGD recipe's momentum and decay, keeping Adam's own defaults
        TrainOptions adam = new TrainOptions();
        adam.optimizer = TrainOptions.OptimizerChoice.ADAM;
        assertEquals(OptimizerConfig.adam().build(), adam.optimizer(workload("FashionResNet")));
        adam.weightDecay = 2e-4;
        assertEquals(OptimizerConfig.adam().weightDecay(2e-4).build(), adam.optimizer(workload("FashionResNet")));
        TrainOptions plain = new TrainOptions();
        plain.nesterov = false;
        plain.weightDecay = 0.0;
        assertEquals(OptimizerConfig.sgd().momentum(0.9).build(), plain.optimizer(workload("FashionResNet")));
    }

    @Test
    void sgdOnlySettingsWithAdamOrNesterovWithoutMomentumAreRefused() {
        TrainOptions adam = new TrainOptions();
        adam.momentum = 0.9;
        UsageException e = assertThrows(UsageException.class, () -> adam.optimizer(workload("LeNet5")));
        assertTrue(e.getMessage().startsWith("--momentum and --nesterov are SGD's"), e.getMessage());
        TrainOptions nesterov = new TrainOptions();
        nesterov.optimizer = TrainOptions.OptimizerChoice.SGD;
        nesterov.nesterov = true;
        e = assertThrows(UsageException.class, () -> nesterov.optimizer(workload("LeNet5")));
        assertTrue(e.getMessage().startsWith("--nesterov needs a momentum above 0"), e.getMessage());
    }

    private static double lastColumn(String csvLine) {
        return Double.parseDouble(csvLine.substring(csvLine.lastIndexOf(',') + 1));
    }

    /** Through the command line: the progress line names the settings, and the report's rates follow the cosine. */
    @Test
    void theCommandLineRunsTheChosenOptimiserAndSchedule(@TempDir Path dir) throws Exception {
        Required.that(SmallFashionMnist.available(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Path data = SmallFashionMnist.write(Files.createDirectories(dir.resolve("data")), 96, 32);
        Path out = dir.resolve("out");
        ToolRun run = ToolRun.of("train", "LeNet5", "--epochs", "2", "--max-steps", "2", "--batch", "16", "--backend", "java",
                "--data", data.toString(), "--out", out.toString(), "--optimizer", "sgd", "--lr", "0.05", "--momentum", "0.9",
                "--nesterov", "--weight-decay", "1e-4", "--schedule", "cosine");
        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("sgd lr 0.05 (momentum 0.9, Nesterov, weight decay 0.0001), seed 0"), run.out());
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        // 4 steps in all, counted from 0: epoch 1 ends with step 1, epoch 2 with step 3; by hand,
        // 0.05 (1 + cos(pi/4)) / 2 = 0.0426777 and 0.05 (1 + cos(3 pi/4)) / 2 = 0.0073223
        assertEquals(0.0426777, lastColumn(history.get(1)), 1e-6, history.get(1));
        assertEquals(0.0073223, lastColumn(history.get(2)), 1e-6, history.get(2));
        ToolRun bad = ToolRun.of("train", "LeNet5", "--schedule", "linear");
        assertEquals(2, bad.status(), bad.toString());
        assertTrue(bad.err().contains("must be one of constant, cosine, got 'linear'"), bad.err());
    }
}
