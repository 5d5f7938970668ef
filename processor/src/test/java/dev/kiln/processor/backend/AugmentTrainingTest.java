package dev.kiln.processor.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Required;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.spec.NetworkSpec;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A network with augmentation layers (LeNet-5 behind a flip, a shift and a rotation) trains on
 * both backends: a short run on a task the augmentations keep learnable (three brightness levels)
 * lowers the loss and classifies the augmented training pictures well above chance (that the same
 * seed draws the same transforms is {@code AugmentPassTest}'s).
 */
class AugmentTrainingTest {

    /** Images of three brightness levels with noise; the class is the level. */
    static Dataset brightness(NetworkSpec spec, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int size = spec.input().intSize();
        float[] images = new float[n * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
            for (int k = 0; k < size; k++) {
                images[i * size + k] = (float) (0.1 + 0.4 * labels[i] + 0.1 * (r.nextDouble() - 0.5));
            }
        }
        List<String> names = java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        return new Dataset("brightness", spec.input(), images, labels, names);
    }

    private static History train(Backend backend, Dataset data) {
        TrainConfig config = TrainConfig.builder().epochs(4).batch(10).learningRate(0.01).seed(7)
                .validationFraction(0).build();
        return new Trainer(backend, Task.classification(), config).fit(data);
    }

    private static void assertLearned(History h, String backend) {
        History.Epoch first = h.epochs().get(0);
        History.Epoch last = h.epochs().get(h.epochs().size() - 1);
        assertTrue(last.trainLoss() < first.trainLoss(), backend + ": the loss falls (" + first.trainLoss() + " -> "
                + last.trainLoss() + ")");
        assertTrue(last.trainAccuracy() > 0.55, backend + ": the last epoch's accuracy on augmented pictures, "
                + last.trainAccuracy() + ", is well above chance (1/3)");
    }

    @Test
    void trainsOnTheJavaBackend() {
        KilnModel model = Specs.model("AugmentedLeNet5");
        Dataset data = brightness(model.spec(), 100, 1);
        try (JavaBackend backend = new JavaBackend(model, TrainConfig.defaults().optimizer())) {
            assertLearned(train(backend, data), "java");
        }
    }

    @Test
    void trainsOnOpenCl() {
        Required.openCl();
        KilnModel model = Specs.model("AugmentedLeNet5");
        Dataset data = brightness(model.spec(), 100, 1);
        try (Backend backend = OpenClBackend.open(model.spec(), model.openCl(), -1, TrainConfig.defaults().optimizer())) {
            assertLearned(train(backend, data), "opencl");
        }
    }
}
