package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.Required;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.image.ImageFolder;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.Shape;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 27 item 2: the malaria samples learn, in seconds. MalariaCnn and AugmentedMalariaCnn (51 million
 * multiplies per 100x100 picture) cannot reach a test accuracy above chance in the default suite's time:
 * the course's recipe needs 2,000 pictures and about 16 epochs ({@code MalariaLongRunTest}, tag {@code long},
 * bar 0.85). What a short run can show is that the network and backend learn: on 16 make-cells pictures
 * (8 per class) the Java backend fits the training pictures far beyond what chance allows, and the OpenCL
 * backend (PoCL runs these convolutions at 2 to 4 pictures a second) takes the same two steps as the Java
 * backend from the same parameters, so it learns what Java learns.
 *
 * <p>Bars, evaluated on the 16 training pictures after the run (inference mode, dropout off), each a mean binary
 * cross-entropy below ln 2 = 0.693 (the loss of the best constant answer on balanced classes: what a network that
 * learned nothing reaches) by a stated margin, and a count of right answers beyond chance. Measured with the
 * trainer's seeds 1, 2 and 3 (the test uses 1), so that a change in rounding that moves the run keeps it inside:
 * <ul>
 *   <li>MalariaCnn, 6 epochs of Adam at 3e-3, batch 8: loss at most 0.45 and at least 13 of 16 right (a classifier
 *       at chance, p = 1/2 per picture, gets 13 or more with probability 0.011). Measured: loss 0.295, 0.288, 0.333;
 *       16, 13 and 14 right.</li>
 *   <li>AugmentedMalariaCnn, 10 epochs (each picture flipped and rotated anew every time, so it must fit pictures
 *       it never sees twice alike): loss at most 0.6 and at least 11 of 16 right (p = 0.105 by chance alone, so the
 *       loss carries the weight). Measured: loss 0.503, 0.486, 0.425; 12, 12 and 13 right.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalariaSamplesLearnTest {
    private static final int PER_CLASS = 8;
    Dataset cells;
    Task task;

    @BeforeAll
    void drawCells(@TempDir Path dir) {
        CellImages.write(dir, PER_CLASS, 27);
        ImageFolder.Loaded loaded = ImageFolder.load(dir, Shape.of(3, 100, 100), ImageFolder.Options.defaults().withTestSplit(0),
                ImageFolder.Progress.NONE);
        cells = loaded.train();
        task = Task.binaryClasses(loaded.classNames());
        assertEquals(2 * PER_CLASS, cells.size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MalariaCnn", "AugmentedMalariaCnn"})
    void fitsItsTrainingPicturesOnTheJavaBackend(String name) {
        KilnModel model = Models.find("dev.kiln.samples." + name);
        boolean augmented = name.startsWith("Augmented");
        TrainConfig config = TrainConfig.builder().epochs(augmented ? 10 : 6).batch(8).learningRate(3e-3)
                .optimizer(OptimizerConfig.adam()).validationFraction(0).seed(1).build();
        try (Backend java = new JavaBackend(model, config.optimizer())) {
            new Trainer(java, task, config).silent().fit(cells);
            Evaluation e = Evaluation.evaluate(java, cells, task);
            int right = (int) Math.round(e.accuracy() * cells.size());
            System.out.printf(Locale.ROOT, "%s on java: %d of %d training pictures right, loss %.4f%n", name, right,
                    cells.size(), e.loss());
            double maxLoss = augmented ? 0.6 : 0.45;
            int minRight = augmented ? 11 : 13;
            assertTrue(e.loss() <= maxLoss && right >= minRight, name + " did not learn: loss " + e.loss() + " (bar " + maxLoss
                    + "; ln 2 = 0.693 for a network that learned nothing), " + right + " of " + cells.size() + " right (bar "
                    + minRight + ")");
        }
    }

    /**
     * Two SGD steps (lr 1e-3) of batch 2 on OpenCL from the same parameters as on Java: the same losses (relative
     * 1e-3) and the same updates, each tensor's within 1e-3 of its largest, 1e-2 with the augmentation (plain SGD,
     * so the update is the gradient: Adam's first steps are about lr times the gradient's sign and would hide a
     * wrong gradient).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MalariaCnn", "AugmentedMalariaCnn"})
    void takesTheJavaBackendsStepsOnOpenCl(String name) {
        Required.openCl();
        KilnModel model = Models.find("dev.kiln.samples." + name);
        float[] initial = Initializers.initialize(model.spec(), 5);
        int batch = 2;
        float[] input = new float[batch * cells.shape().intSize()];
        float[] targets = new float[batch];
        for (int i = 0; i < batch; i++) {
            int picture = i * 9 % cells.size(); // one of each class
            cells.copyImage(picture, input, i * cells.shape().intSize());
            targets[i] = cells.labels()[picture];
        }
        OptimizerConfig sgd = OptimizerConfig.sgd().build();
        double[][] losses = new double[2][2];
        float[][] after = new float[2][initial.length];
        for (int side = 0; side < 2; side++) {
            try (Backend b = side == 0 ? new JavaBackend(model, sgd) : OpenClBackend.open(model.spec(), model.openCl(), -1, sgd)) {
                b.plan(batch);
                b.setParameters(initial);
                for (int step = 0; step < 2; step++) {
                    losses[side][step] = b.trainStep(input, null, targets, batch, 1e-3, 40 + step, null);
                }
                b.getParameters(after[side]);
            }
        }
        for (int step = 0; step < 2; step++) {
            assertEquals(losses[0][step], losses[1][step], 1e-3 * Math.abs(losses[0][step]), name + ": loss of step " + step);
        }
        // MalariaCnn's updates agree to float rounding (measured 3.9e-5 of each tensor's largest). AugmentedMalariaCnn's
        // rotation reads its source points through cos and sin in float on OpenCL, in double on Java: the pictures
        // differ by about 1e-6, enough to flip a max-pool window whose two largest values are that close, which
        // routes that window's gradient to another pixel (measured 1.7e-3 of conv1.weight's largest update)
        double tolerance = name.startsWith("Augmented") ? 1e-2 : 1e-3;
        double worst = 0;
        for (ParamSpec p : model.spec().params()) {
            double scale = 0;
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                scale = Math.max(scale, Math.abs(after[0][i] - initial[i]));
            }
            assertTrue(scale > 0, name + ": " + p.name() + " learned nothing");
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                double java = after[0][i] - initial[i];
                double cl = after[1][i] - initial[i];
                worst = Math.max(worst, Math.abs(java - cl) / scale);
                assertEquals(java, cl, tolerance * scale, name + ": the update of " + p.name() + "[" + (i - p.offset()) + "]");
            }
        }
        System.out.printf(Locale.ROOT, "%s: OpenCL's updates within %.1e of Java's (relative to each tensor's largest)%n",
                name, worst);
    }
}
