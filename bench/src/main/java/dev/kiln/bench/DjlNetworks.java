package dev.kiln.bench;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

/**
 * The sample networks rebuilt block for block in DJL: same kernels, padding, pooling, dropout rate,
 * activations, He-normal weights on ReLU layers and Xavier-uniform on the output layer (zero biases),
 * Adam with lr 1e-3, softmax cross-entropy on logits (what Kiln's softmax + cross-entropy computes).
 */
final class DjlNetworks {
    private DjlNetworks() {
    }

    /** A trainer for {@code network} on {@code model}, initialised for the network's training batch. */
    static Trainer build(String network, Model model) {
        Linear out = Linear.builder().setUnits(10).build();
        SequentialBlock net = switch (network) {
            case "LeNet5" -> leNet5(out);
            case "FashionCnn" -> fashionCnn(out);
            default -> throw new IllegalArgumentException("no DJL twin for network '" + network + "'; known: LeNet5, FashionCnn");
        };
        model.setBlock(net);
        // He normal: Gaussian with variance 2 / fan_in; Glorot uniform: bound sqrt(6 / (fan_in + fan_out)) = sqrt(3 / avg)
        XavierInitializer heNormal = new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) KilnContestant.LEARNING_RATE)).build())
                .optInitializer(heNormal, Parameter.Type.WEIGHT);
        Trainer trainer = model.newTrainer(config);
        out.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3),
                Parameter.Type.WEIGHT);
        trainer.initialize(new Shape(Options.trainingBatch(network), 1, 28, 28));
        return trainer;
    }

    /** c1 6@5x5 pad 2, s2 max 2, c3 16@5x5, s4 max 2, c5 120@5x5, f6 84, out 10: 61,706 parameters. */
    private static SequentialBlock leNet5(Linear out) {
        return new SequentialBlock()
                .add(conv(6, 5, 2)).add(Activation.reluBlock()).add(maxPool())
                .add(conv(16, 5, 0)).add(Activation.reluBlock()).add(maxPool())
                .add(conv(120, 5, 0)).add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(84).build()).add(Activation.reluBlock())
                .add(out);
    }

    /** conv 32@3x3 same, max 2, dropout 0.2, conv 64@3x3 same, max 2, dropout 0.2, dense 128, out 10: 421,642 parameters. */
    private static SequentialBlock fashionCnn(Linear out) {
        return new SequentialBlock()
                .add(conv(32, 3, 1)).add(Activation.reluBlock()).add(maxPool())
                .add(Dropout.builder().optRate(0.2f).build())
                .add(conv(64, 3, 1)).add(Activation.reluBlock()).add(maxPool())
                .add(Dropout.builder().optRate(0.2f).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock())
                .add(out);
    }

    private static Block conv(int filters, int kernel, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(padding, padding)).build();
    }

    private static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }

    static long parameterCount(Model model) {
        long n = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    /** libtorch's intra-op thread count (torch.get_num_threads()), or "default" if the engine does not say. */
    static String threads() {
        try {
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            return String.valueOf(jni.getMethod("getNumThreads").invoke(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "default (" + Runtime.getRuntime().availableProcessors() + ")";
        }
    }
}
