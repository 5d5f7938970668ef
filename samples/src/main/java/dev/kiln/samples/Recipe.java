package dev.kiln.samples;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.train.Task;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A training recipe: what a network is trained and tested on, and its default training settings,
 * decided by its input shape and loss (so a user's own spec of the same kind works too). The
 * {@code kiln} tool's {@code train}, {@code eval} and {@code summary} verbs start from it:
 * <ul>
 *   <li>(1, 28, 28) with softmax cross-entropy: Fashion-MNIST's ten classes (Adam, lr 1e-3, batch 64, 3 epochs);
 *       a network with fewer outputs trains on the classes {@code --classes} selects;</li>
 *   <li>(1, 28, 28) with binary cross-entropy: footwear against the rest of Fashion-MNIST;</li>
 *   <li>(1, 28, 28) with mean squared error and a (1, 26, 26) output: the edge kernel's output of
 *       Fashion-MNIST images (SGD, lr 0.1, batch 32, one epoch on all 60,000 images, as the course does);</li>
 *   <li>(1, 28, 28) with softmax cross-entropy and batch norm (e.g. FashionResNet): Fashion-MNIST with the
 *       residual-network recipe of {@code scripts/fixtures/FASHIONRESNET.md}: SGD with Nesterov momentum 0.9,
 *       weight decay 5e-4, lr 0.1 on a per-step cosine schedule to 0, batch 128, 12 epochs;</li>
 *   <li>(3, 32, 32) with softmax cross-entropy: the synthetic coloured shapes (Adam, lr 3e-3, 10 epochs).</li>
 * </ul>
 *
 * @param data               a short name for reports
 * @param task               how labels become what the loss compares with
 * @param epochs             default epochs
 * @param batch              default batch size
 * @param learningRate       default learning rate
 * @param optimizer          default optimiser, {@code sgd} or {@code adam}
 * @param validationFraction the part of the training set held out for validation
 * @param momentum           default SGD momentum (0 for Adam)
 * @param nesterov           whether SGD's momentum is Nesterov's by default
 * @param weightDecay        default L2 weight decay, added to every gradient as PyTorch's {@code weight_decay}
 * @param cosine             whether the learning rate follows a per-step cosine schedule to 0 by default
 */
public record Recipe(String data, Task task, int epochs, int batch, double learningRate, String optimizer,
                double validationFraction, Function<Path, Dataset> trainSet, Function<Path, Dataset> testSet,
                double momentum, boolean nesterov, double weightDecay, boolean cosine) {

    /** A workload with plain SGD or Adam defaults: no momentum, no weight decay, a constant learning rate. */
    public Recipe(String data, Task task, int epochs, int batch, double learningRate, String optimizer,
             double validationFraction, Function<Path, Dataset> trainSet, Function<Path, Dataset> testSet) {
        this(data, task, epochs, batch, learningRate, optimizer, validationFraction, trainSet, testSet, 0, false, 0, false);
    }

    public static Recipe of(NetworkSpec spec) {
        Shape in = spec.input();
        Loss loss = spec.loss();
        if (in.equals(Shape.of(1, 28, 28))) {
            switch (loss) {
                case SOFTMAX_CROSS_ENTROPY -> {
                    // fewer than 10 outputs fit a subset of the classes (--classes)
                    if (spec.output().intSize() >= 2 && spec.output().intSize() <= 10 && hasBatchNorm(spec)) {
                        return new Recipe("Fashion-MNIST", Task.classification(), 12, 128, 0.1, "sgd", 0.1,
                                FashionMnist::train, FashionMnist::test, 0.9, true, 5e-4, true);
                    }
                    if (spec.output().intSize() >= 2 && spec.output().intSize() <= 10) {
                        return new Recipe("Fashion-MNIST", Task.classification(), 3, 64, 1e-3, "adam", 0.1,
                                FashionMnist::train, FashionMnist::test);
                    }
                }
                case BINARY_CROSS_ENTROPY -> {
                    return new Recipe("Fashion-MNIST, footwear or not", Task.footwear(), 3, 64, 1e-3, "adam", 0.1,
                            FashionMnist::train, FashionMnist::test);
                }
                case MEAN_SQUARED_ERROR -> {
                    if (spec.output().equals(Shape.of(1, 26, 26))) {
                        return new Recipe("Fashion-MNIST through the edge kernel", Task.edges(), 1, 32, 0.1, "sgd", 0,
                                FashionMnist::train, FashionMnist::test);
                    }
                }
            }
        }
        if (in.equals(Shape.of(3, ColourShapesData.SIZE, ColourShapesData.SIZE)) && loss == Loss.SOFTMAX_CROSS_ENTROPY
                && spec.output().intSize() == ColourShapesData.CLASS_NAMES.size()) {
            return new Recipe("coloured shapes (synthetic)", Task.classification(), 10, 64, 3e-3, "adam", 0.1,
                    dir -> ColourShapesData.train(), dir -> ColourShapesData.test());
        }
        throw new KilnException("kiln has no data for " + spec.simpleName() + ", which takes " + in + " and produces "
                + spec.output() + " with " + loss + ". It trains (1, 28, 28) networks on Fashion-MNIST (10 classes with "
                + "SOFTMAX_CROSS_ENTROPY, footwear with BINARY_CROSS_ENTROPY, edges to (1, 26, 26) with MEAN_SQUARED_ERROR) "
                + "and (3, 32, 32) networks with 6 classes on coloured shapes. For any other network, give --data DIR with an image "
                + "folder (DIR/<class>/*.png, or DIR/train/<class>/ and DIR/test/<class>/), or call dev.kiln.runtime.train.Trainer");
    }

    public Recipe withTask(Task t) {
        return new Recipe(data, t, epochs, batch, learningRate, optimizer, validationFraction, trainSet, testSet,
                momentum, nesterov, weightDecay, cosine);
    }

    /**
     * Batch-normalised networks train best with a high learning rate, momentum and decay to 0 (the ResNet
     * recipe); Adam's default rate would waste them.
     */
    private static boolean hasBatchNorm(NetworkSpec spec) {
        return spec.layers().stream().anyMatch(op -> op instanceof BatchNormOp);
    }

    public Dataset train(Path dataDir) {
        return trainSet.apply(dataDir);
    }

    public Dataset test(Path dataDir) {
        return testSet.apply(dataDir);
    }
}
