package dev.kiln.processor.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.ProgressBar;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.Trainer;
import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's headline figures with the default settings (Adam, lr 1e-3, batch 64, a tenth held out
 * for validation, seed 0): LeNet-5 for 3 epochs reaches at least 0.861 test accuracy, FashionCnn for
 * 5 epochs at least 0.901. The bars are anchors from outside Kiln less a margin of 0.015 (three
 * times the 0.005 two LeNet-5 runs differ by when only the summation order changes): Deeplearning4j's
 * 0.876 with the same LeNet-5 setup (low end of the 0.876 to 0.881 across seeds that issue 3 quotes), and the 0.916
 * of Zalando's Fashion-MNIST benchmark table for two conv + pooling layers. Minutes of training, so
 * tagged {@code long}: {@code -Dkiln.test.exclude=none -Dgroups=long}; {@code -Dkiln.train.validation=F}
 * changes the held-out fraction, {@code -Dkiln.train.seed=S} the seed.
 */
@Tag("long")
class FullTrainingRunsTest {

    @Test
    void leNet5ThreeEpochs() {
        run("LeNet5", 3, 0.876 - 0.015);
    }

    @Test
    void fashionCnnFiveEpochs() {
        run("FashionCnn", 5, 0.916 - 0.015);
    }

    private static void run(String name, int epochs, double expected) {
        assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "Fashion-MNIST is not installed");
        Dataset train = FashionMnist.train(null);
        Dataset test = FashionMnist.test(null);
        KilnModel model = Specs.model(name);
        double validation = Double.parseDouble(System.getProperty("kiln.train.validation", "0.1"));
        long seed = Long.getLong("kiln.train.seed", 0L);
        TrainConfig config = TrainConfig.builder().epochs(epochs).validationFraction(validation).seed(seed).build();
        try (JavaBackend backend = new JavaBackend(model, config.optimizer())) {
            History h = new Trainer(backend, Task.classification(), config).listen(new ProgressBar(System.out, false))
                    .fit(train);
            Evaluation e = Evaluation.evaluate(backend, test, Task.classification());
            System.out.println(name + " test: " + e + "\n" + h.toCsv() + e.confusionTable());
            assertTrue(e.accuracy() >= expected, name + " test accuracy " + e.accuracy() + ", expected at least " + expected);
        }
    }
}
