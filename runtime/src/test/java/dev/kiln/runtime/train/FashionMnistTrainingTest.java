package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.Required;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * One real, short training run: a small CNN on the first 3,000 Fashion-MNIST training images, two
 * epochs on the reference backend, evaluated on 1,000 test images. Chance is 0.1.
 */
class FashionMnistTrainingTest {
    private static final NetworkSpec SMALL = SpecBuilder.of("t.SmallFashion", 1, 28, 28, Loss.SOFTMAX_CROSS_ENTROPY)
            .conv("c1", 4, Window.symmetric(5, 5, 2, 2, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU,
                    Init.DEFAULT)                                                    // (4, 12, 12)
            .flatten("flat")
            .dense("out", 10, true, Activation.NONE, Init.DEFAULT)
            .build();

    @Test
    void aSmallCnnLearnsFashionMnistWellAboveChance() {
        Required.fashionMnist();
        Dataset train = first(FashionMnist.train(null), 3000);
        Dataset test = first(FashionMnist.test(null), 1000);
        ReferenceBackend backend = new ReferenceBackend(SMALL, OptimizerConfig.adam().build());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainConfig config = TrainConfig.builder().epochs(2).batch(32).learningRate(3e-3).seed(1).build();
        History h = new Trainer(backend, Task.classification(), config)
                .listen(new ProgressBar(new PrintStream(log, true, StandardCharsets.UTF_8), false))
                .fit(train);
        Evaluation e = Evaluation.evaluate(backend, test, Task.classification());
        System.out.println(log.toString(StandardCharsets.UTF_8) + "test: " + e);
        assertTrue(e.accuracy() > 0.6, "test accuracy " + e.accuracy() + "\n" + h.toCsv());
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), h.toCsv());
    }

    private static Dataset first(Dataset d, int n) {
        int size = d.shape().intSize();
        return new Dataset(d.name() + "[:" + n + "]", d.shape(), Arrays.copyOf(d.images(), n * size),
                Arrays.copyOf(d.labels(), n), d.classNames());
    }
}
