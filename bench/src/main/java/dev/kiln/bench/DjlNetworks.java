package dev.kiln.bench;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.BatchNorm;
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
        BenchNetwork bench = BenchNetwork.find(network);
        Linear out = Linear.builder().setUnits(bench.input() == BenchNetwork.Input.RGB_224 ? 1000 : 10).build();
        SequentialBlock net = switch (network) {
            case "LeNet5" -> leNet5(out);
            case "FashionCnn" -> fashionCnn(out);
            case "FashionResNet" -> fashionResNet(out);
            case "ResNet18" -> resNet(out, false, new int[] {2, 2, 2, 2});
            case "ResNet50" -> resNet(out, true, new int[] {3, 4, 6, 3});
            case "MobileNetV2" -> mobileNetV2(out);
            case "EfficientNetB0" -> efficientNetB0(out);
            default -> throw new IllegalArgumentException("no DJL twin for network '" + network
                    + "'; known: LeNet5, FashionCnn, FashionResNet, ResNet18, ResNet50, MobileNetV2, EfficientNetB0");
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
        trainer.initialize(inputShape(bench, Math.max(1, bench.trainingBatch())));
        return trainer;
    }

    /** {@code (batch, C, H, W)} of the network's input. */
    static Shape inputShape(BenchNetwork network, int batch) {
        return network.input() == BenchNetwork.Input.RGB_224 ? new Shape(batch, 3, 224, 224) : new Shape(batch, 1, 28, 28);
    }

    /**
     * FashionResNet (dev.kiln.samples.FashionResNet): stem conv 32 + batch norm + ReLU, max pool 2, an identity block of two
     * 3x3 convs at 32 channels, a strided block to 64 channels with a 1x1 projection, global average pooling, dense 10.
     */
    private static SequentialBlock fashionResNet(Linear out) {
        return new SequentialBlock()
                .add(conv(32, 3, 1, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(basicBlock(32, 1, false))
                .add(basicBlock(64, 2, true))
                .add(Pool.globalAvgPool2dBlock())
                .add(out);
    }

    /**
     * torchvision's resnet18 / resnet50: 7x7/2 stem with batch norm, ReLU and 3x3/2 max pooling, four stages of basic
     * (two 3x3 convs) or bottleneck (1x1, 3x3 with the stride, 1x1 to four times the width) blocks, the first block of each
     * stage projecting its shortcut where the shape changes, global average pooling and the classifier; no conv bias.
     */
    private static SequentialBlock resNet(Linear out, boolean bottleneck, int[] blocks) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(64, 7, 2, 3)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int channels = 64;
        for (int stage = 0; stage < 4; stage++) {
            int width = 64 << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = b == 0 && stage > 0 ? 2 : 1;
                int outChannels = bottleneck ? 4 * width : width;
                boolean project = stride != 1 || channels != outChannels;
                net.add(bottleneck ? bottleneckBlock(width, stride, project) : basicBlock(width, stride, project));
                channels = outChannels;
            }
        }
        return net.add(Pool.globalAvgPool2dBlock()).add(out);
    }

    /**
     * torchvision's mobilenet_v2: a 3x3/2 stem of 32 channels, seventeen inverted residual blocks (1x1 expansion by t
     * unless t is 1, a 3x3 depthwise conv with the stride, a linear 1x1 projection; batch norm after each conv, ReLU6 after
     * the first two; the input added where stride 1 keeps the shape), a 1x1 conv to 1,280 channels, global average
     * pooling, dropout 0.2 and the classifier: 3,504,872 parameters.
     */
    private static SequentialBlock mobileNetV2(Linear out) {
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        SequentialBlock net = new SequentialBlock().add(conv(32, 3, 2, 1)).add(BatchNorm.builder().build()).add(Activation.relu6Block());
        int channels = 32;
        for (int[] t : settings) {
            for (int i = 0; i < t[2]; i++) {
                int stride = i == 0 ? t[3] : 1;
                int hidden = channels * t[0];
                SequentialBlock main = new SequentialBlock();
                if (t[0] != 1) {
                    main.add(conv(hidden, 1, 1, 0)).add(BatchNorm.builder().build()).add(Activation.relu6Block());
                }
                main.add(depthwise(hidden, 3, stride)).add(BatchNorm.builder().build()).add(Activation.relu6Block())
                        .add(conv(t[1], 1, 1, 0)).add(BatchNorm.builder().build());
                net.add(stride == 1 && channels == t[1] ? sum(main, Blocks.identityBlock()) : main);
                channels = t[1];
            }
        }
        return net.add(conv(1280, 1, 1, 0)).add(BatchNorm.builder().build()).add(Activation.relu6Block())
                .add(Pool.globalAvgPool2dBlock()).add(Dropout.builder().optRate(0.2f).build()).add(out);
    }

    /**
     * torchvision's efficientnet_b0: a 3x3/2 stem of 32 channels, sixteen MBConv blocks (1x1 expansion unless the ratio
     * is 1, a depthwise conv with the stage's kernel and stride, squeeze-and-excitation to a quarter of the block's input
     * channels with SiLU and a sigmoid gate, a linear 1x1 projection; batch norm after each conv but the SE pair, SiLU after
     * the first two; the input added where stride 1 keeps the shape, stochastic depth being identity at inference), a 1x1
     * conv to 1,280 channels, global average pooling, dropout 0.2 and the classifier: 5,288,548 parameters.
     */
    private static SequentialBlock efficientNetB0(Linear out) {
        // expansion, kernel, stride, output channels, blocks
        int[][] stages = {{1, 3, 1, 16, 1}, {6, 3, 2, 24, 2}, {6, 5, 2, 40, 2}, {6, 3, 2, 80, 3}, {6, 5, 1, 112, 3},
            {6, 5, 2, 192, 4}, {6, 3, 1, 320, 1}};
        SequentialBlock net = new SequentialBlock().add(conv(32, 3, 2, 1)).add(BatchNorm.builder().build()).add(silu());
        int channels = 32;
        for (int[] st : stages) {
            for (int i = 0; i < st[4]; i++) {
                int stride = i == 0 ? st[2] : 1;
                int hidden = channels * st[0];
                SequentialBlock main = new SequentialBlock();
                if (st[0] != 1) {
                    main.add(conv(hidden, 1, 1, 0)).add(BatchNorm.builder().build()).add(silu());
                }
                main.add(depthwise(hidden, st[1], stride)).add(BatchNorm.builder().build()).add(silu());
                SequentialBlock gate = new SequentialBlock().add(Pool.globalAvgPool2dBlock())
                        .add(Blocks.batchFlattenBlock()).add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, hidden, 1, 1))))
                        .add(biasedConv(Math.max(1, channels / 4))).add(silu()).add(biasedConv(hidden)).add(Activation.sigmoidBlock());
                main.add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().mul(list.get(1).singletonOrThrow())),
                        java.util.Arrays.asList(Blocks.identityBlock(), gate)));
                main.add(conv(st[3], 1, 1, 0)).add(BatchNorm.builder().build());
                net.add(stride == 1 && channels == st[3] ? sum(main, Blocks.identityBlock()) : main);
                channels = st[3];
            }
        }
        return net.add(conv(1280, 1, 1, 0)).add(BatchNorm.builder().build()).add(silu())
                .add(Pool.globalAvgPool2dBlock()).add(Dropout.builder().optRate(0.2f).build()).add(out);
    }

    private static Block silu() {
        return Activation.swishBlock(1f);
    }

    /** A k x k depthwise conv (one group per channel) with the stride and "same" padding (k - 1) / 2, no bias. */
    private static Block depthwise(int channels, int kernel, int stride) {
        return Conv2d.builder().setFilters(channels).setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape((kernel - 1) / 2, (kernel - 1) / 2)).optGroups(channels).optBias(false).build();
    }

    /** A 1x1 conv with a bias (the squeeze-and-excitation pair). */
    private static Block biasedConv(int filters) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(1, 1)).build();
    }

    /** {@code main(x) + shortcut(x)}, no activation after (MobileNet's and EfficientNet's linear bottlenecks). */
    private static Block sum(Block main, Block shortcut) {
        return new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                java.util.Arrays.asList(main, shortcut));
    }

    /** Two 3x3 convs with batch norm; the shortcut (identity, or 1x1 conv + batch norm) added before the last ReLU. */
    private static Block basicBlock(int filters, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(filters, 3, stride, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(filters, 3, 1, 1)).add(BatchNorm.builder().build());
        return residual(main, project ? new SequentialBlock().add(conv(filters, 1, stride, 0)).add(BatchNorm.builder().build()) : null);
    }

    /** 1x1, 3x3 (with the stride), 1x1 to four times the width, each with batch norm; the shortcut added before the last ReLU. */
    private static Block bottleneckBlock(int width, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(width, 1, 1, 0)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(width, 3, stride, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(4 * width, 1, 1, 0)).add(BatchNorm.builder().build());
        return residual(main, project ? new SequentialBlock().add(conv(4 * width, 1, stride, 0)).add(BatchNorm.builder().build()) : null);
    }

    private static Block residual(Block main, Block shortcut) {
        return new SequentialBlock().add(sum(main, shortcut == null ? Blocks.identityBlock() : shortcut)).add(Activation.reluBlock());
    }

    private static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).optBias(false).build();
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
