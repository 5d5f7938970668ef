package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Add;
import dev.kiln.dsl.AvgPool2d;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.GlobalAvgPool2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Multiply;
import dev.kiln.dsl.Network;

/**
 * EfficientNet-B0 (Tan and Le) for 224x224 RGB images and 1,000 classes, as torchvision's {@code efficientnet_b0()}: a
 * strided 3x3 stem with SiLU, sixteen MBConv blocks (1x1 expansion, depthwise 3x3 or 5x5, squeeze-and-excitation with
 * SiLU and a sigmoid gate, linear 1x1 projection, each conv with batch norm; the input added back where the block keeps
 * the shape), a 1x1 conv to 1,280 channels, global average pooling, dropout 0.2 and a dense classifier. Batch norm with
 * PyTorch's defaults (eps 1e-5, momentum 0.1; Keras' EfficientNetB0 uses others). Stochastic depth: each residual
 * block's branch passes through torchvision's StochasticDepth, which in training drops the branch for a random part of
 * the batch (probability 0 in the first block rising to 0.1875 in the last) and at inference is the identity; it has no
 * parameters and no Kiln layer, so the sample leaves it out and always adds the branch, as torchvision's eval mode does
 * (the counts and the inference graph are torchvision's; training lacks that one regularisation). 5,288,548 trainable
 * parameters and 42,016 non-trainable (the batch norms' running means and variances), as torchvision counts them.
 *
 * <p>Layer names are torchvision's module paths with {@code _} for {@code .} ({@code features_1_0_block_0_0} is
 * {@code features.1.0.block.0.0}); a function inside a module (an add, a concatenation, a product) is named after the
 * module and the function. Written from {@code torchvision.models.efficientnet_b0()} by
 * {@code scripts/samples/torchvision_samples.py} (PyTorch 2.13, torchvision 0.28), one Kiln layer per torchvision
 * module or function, each activation fused into the layer before it; the comments give the output shape where a block
 * ends with a new shape.
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class EfficientNetB0 {
    @Conv2d(filters = 32, kernel = 3, stride = 2, padding = 1, bias = false) Layer features_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_0_1;                               // (32, 112, 112)
    @Conv2d(filters = 32, kernel = 3, padding = 1, groups = 32, bias = false) Layer features_1_0_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_1_0_block_0_1;
    @AvgPool2d(size = 112) Layer features_1_0_block_1_avgpool;
    @Conv2d(filters = 8, kernel = 1, activation = Activation.SILU) Layer features_1_0_block_1_fc1;
    @Conv2d(filters = 32, kernel = 1, activation = Activation.SIGMOID) Layer features_1_0_block_1_fc2;
    @Multiply(from = {"features_1_0_block_1_fc2", "features_1_0_block_0_1"}) Layer features_1_0_block_1_mul;
    @Conv2d(filters = 16, kernel = 1, bias = false) Layer features_1_0_block_2_0;
    @BatchNorm Layer features_1_0_block_2_1;                                                   // (16, 112, 112)
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer features_2_0_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_2_0_block_0_1;
    @Conv2d(filters = 96, kernel = 3, stride = 2, padding = 1, groups = 96, bias = false) Layer features_2_0_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_2_0_block_1_1;
    @AvgPool2d(size = 56) Layer features_2_0_block_2_avgpool;
    @Conv2d(filters = 4, kernel = 1, activation = Activation.SILU) Layer features_2_0_block_2_fc1;
    @Conv2d(filters = 96, kernel = 1, activation = Activation.SIGMOID) Layer features_2_0_block_2_fc2;
    @Multiply(from = {"features_2_0_block_2_fc2", "features_2_0_block_1_1"}) Layer features_2_0_block_2_mul;
    @Conv2d(filters = 24, kernel = 1, bias = false) Layer features_2_0_block_3_0;
    @BatchNorm Layer features_2_0_block_3_1;
    @Conv2d(filters = 144, kernel = 1, bias = false) Layer features_2_1_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_2_1_block_0_1;
    @Conv2d(filters = 144, kernel = 3, padding = 1, groups = 144, bias = false) Layer features_2_1_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_2_1_block_1_1;
    @AvgPool2d(size = 56) Layer features_2_1_block_2_avgpool;
    @Conv2d(filters = 6, kernel = 1, activation = Activation.SILU) Layer features_2_1_block_2_fc1;
    @Conv2d(filters = 144, kernel = 1, activation = Activation.SIGMOID) Layer features_2_1_block_2_fc2;
    @Multiply(from = {"features_2_1_block_2_fc2", "features_2_1_block_1_1"}) Layer features_2_1_block_2_mul;
    @Conv2d(filters = 24, kernel = 1, bias = false) Layer features_2_1_block_3_0;
    @BatchNorm Layer features_2_1_block_3_1;
    @Add(from = {"features_2_1_block_3_1", "features_2_0_block_3_1"}) Layer features_2_1_add;  // (24, 56, 56)
    @Conv2d(filters = 144, kernel = 1, bias = false) Layer features_3_0_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_3_0_block_0_1;
    @Conv2d(filters = 144, kernel = 5, stride = 2, padding = 2, groups = 144, bias = false)
    Layer features_3_0_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_3_0_block_1_1;
    @AvgPool2d(size = 28) Layer features_3_0_block_2_avgpool;
    @Conv2d(filters = 6, kernel = 1, activation = Activation.SILU) Layer features_3_0_block_2_fc1;
    @Conv2d(filters = 144, kernel = 1, activation = Activation.SIGMOID) Layer features_3_0_block_2_fc2;
    @Multiply(from = {"features_3_0_block_2_fc2", "features_3_0_block_1_1"}) Layer features_3_0_block_2_mul;
    @Conv2d(filters = 40, kernel = 1, bias = false) Layer features_3_0_block_3_0;
    @BatchNorm Layer features_3_0_block_3_1;
    @Conv2d(filters = 240, kernel = 1, bias = false) Layer features_3_1_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_3_1_block_0_1;
    @Conv2d(filters = 240, kernel = 5, padding = 2, groups = 240, bias = false) Layer features_3_1_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_3_1_block_1_1;
    @AvgPool2d(size = 28) Layer features_3_1_block_2_avgpool;
    @Conv2d(filters = 10, kernel = 1, activation = Activation.SILU) Layer features_3_1_block_2_fc1;
    @Conv2d(filters = 240, kernel = 1, activation = Activation.SIGMOID) Layer features_3_1_block_2_fc2;
    @Multiply(from = {"features_3_1_block_2_fc2", "features_3_1_block_1_1"}) Layer features_3_1_block_2_mul;
    @Conv2d(filters = 40, kernel = 1, bias = false) Layer features_3_1_block_3_0;
    @BatchNorm Layer features_3_1_block_3_1;
    @Add(from = {"features_3_1_block_3_1", "features_3_0_block_3_1"}) Layer features_3_1_add;  // (40, 28, 28)
    @Conv2d(filters = 240, kernel = 1, bias = false) Layer features_4_0_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_4_0_block_0_1;
    @Conv2d(filters = 240, kernel = 3, stride = 2, padding = 1, groups = 240, bias = false)
    Layer features_4_0_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_4_0_block_1_1;
    @AvgPool2d(size = 14) Layer features_4_0_block_2_avgpool;
    @Conv2d(filters = 10, kernel = 1, activation = Activation.SILU) Layer features_4_0_block_2_fc1;
    @Conv2d(filters = 240, kernel = 1, activation = Activation.SIGMOID) Layer features_4_0_block_2_fc2;
    @Multiply(from = {"features_4_0_block_2_fc2", "features_4_0_block_1_1"}) Layer features_4_0_block_2_mul;
    @Conv2d(filters = 80, kernel = 1, bias = false) Layer features_4_0_block_3_0;
    @BatchNorm Layer features_4_0_block_3_1;
    @Conv2d(filters = 480, kernel = 1, bias = false) Layer features_4_1_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_4_1_block_0_1;
    @Conv2d(filters = 480, kernel = 3, padding = 1, groups = 480, bias = false) Layer features_4_1_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_4_1_block_1_1;
    @AvgPool2d(size = 14) Layer features_4_1_block_2_avgpool;
    @Conv2d(filters = 20, kernel = 1, activation = Activation.SILU) Layer features_4_1_block_2_fc1;
    @Conv2d(filters = 480, kernel = 1, activation = Activation.SIGMOID) Layer features_4_1_block_2_fc2;
    @Multiply(from = {"features_4_1_block_2_fc2", "features_4_1_block_1_1"}) Layer features_4_1_block_2_mul;
    @Conv2d(filters = 80, kernel = 1, bias = false) Layer features_4_1_block_3_0;
    @BatchNorm Layer features_4_1_block_3_1;
    @Add(from = {"features_4_1_block_3_1", "features_4_0_block_3_1"}) Layer features_4_1_add;
    @Conv2d(filters = 480, kernel = 1, bias = false) Layer features_4_2_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_4_2_block_0_1;
    @Conv2d(filters = 480, kernel = 3, padding = 1, groups = 480, bias = false) Layer features_4_2_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_4_2_block_1_1;
    @AvgPool2d(size = 14) Layer features_4_2_block_2_avgpool;
    @Conv2d(filters = 20, kernel = 1, activation = Activation.SILU) Layer features_4_2_block_2_fc1;
    @Conv2d(filters = 480, kernel = 1, activation = Activation.SIGMOID) Layer features_4_2_block_2_fc2;
    @Multiply(from = {"features_4_2_block_2_fc2", "features_4_2_block_1_1"}) Layer features_4_2_block_2_mul;
    @Conv2d(filters = 80, kernel = 1, bias = false) Layer features_4_2_block_3_0;
    @BatchNorm Layer features_4_2_block_3_1;
    @Add(from = {"features_4_2_block_3_1", "features_4_1_add"}) Layer features_4_2_add;        // (80, 14, 14)
    @Conv2d(filters = 480, kernel = 1, bias = false) Layer features_5_0_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_5_0_block_0_1;
    @Conv2d(filters = 480, kernel = 5, padding = 2, groups = 480, bias = false) Layer features_5_0_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_5_0_block_1_1;
    @AvgPool2d(size = 14) Layer features_5_0_block_2_avgpool;
    @Conv2d(filters = 20, kernel = 1, activation = Activation.SILU) Layer features_5_0_block_2_fc1;
    @Conv2d(filters = 480, kernel = 1, activation = Activation.SIGMOID) Layer features_5_0_block_2_fc2;
    @Multiply(from = {"features_5_0_block_2_fc2", "features_5_0_block_1_1"}) Layer features_5_0_block_2_mul;
    @Conv2d(filters = 112, kernel = 1, bias = false) Layer features_5_0_block_3_0;
    @BatchNorm Layer features_5_0_block_3_1;
    @Conv2d(filters = 672, kernel = 1, bias = false) Layer features_5_1_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_5_1_block_0_1;
    @Conv2d(filters = 672, kernel = 5, padding = 2, groups = 672, bias = false) Layer features_5_1_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_5_1_block_1_1;
    @AvgPool2d(size = 14) Layer features_5_1_block_2_avgpool;
    @Conv2d(filters = 28, kernel = 1, activation = Activation.SILU) Layer features_5_1_block_2_fc1;
    @Conv2d(filters = 672, kernel = 1, activation = Activation.SIGMOID) Layer features_5_1_block_2_fc2;
    @Multiply(from = {"features_5_1_block_2_fc2", "features_5_1_block_1_1"}) Layer features_5_1_block_2_mul;
    @Conv2d(filters = 112, kernel = 1, bias = false) Layer features_5_1_block_3_0;
    @BatchNorm Layer features_5_1_block_3_1;
    @Add(from = {"features_5_1_block_3_1", "features_5_0_block_3_1"}) Layer features_5_1_add;
    @Conv2d(filters = 672, kernel = 1, bias = false) Layer features_5_2_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_5_2_block_0_1;
    @Conv2d(filters = 672, kernel = 5, padding = 2, groups = 672, bias = false) Layer features_5_2_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_5_2_block_1_1;
    @AvgPool2d(size = 14) Layer features_5_2_block_2_avgpool;
    @Conv2d(filters = 28, kernel = 1, activation = Activation.SILU) Layer features_5_2_block_2_fc1;
    @Conv2d(filters = 672, kernel = 1, activation = Activation.SIGMOID) Layer features_5_2_block_2_fc2;
    @Multiply(from = {"features_5_2_block_2_fc2", "features_5_2_block_1_1"}) Layer features_5_2_block_2_mul;
    @Conv2d(filters = 112, kernel = 1, bias = false) Layer features_5_2_block_3_0;
    @BatchNorm Layer features_5_2_block_3_1;
    @Add(from = {"features_5_2_block_3_1", "features_5_1_add"}) Layer features_5_2_add;        // (112, 14, 14)
    @Conv2d(filters = 672, kernel = 1, bias = false) Layer features_6_0_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_6_0_block_0_1;
    @Conv2d(filters = 672, kernel = 5, stride = 2, padding = 2, groups = 672, bias = false)
    Layer features_6_0_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_6_0_block_1_1;
    @AvgPool2d(size = 7) Layer features_6_0_block_2_avgpool;
    @Conv2d(filters = 28, kernel = 1, activation = Activation.SILU) Layer features_6_0_block_2_fc1;
    @Conv2d(filters = 672, kernel = 1, activation = Activation.SIGMOID) Layer features_6_0_block_2_fc2;
    @Multiply(from = {"features_6_0_block_2_fc2", "features_6_0_block_1_1"}) Layer features_6_0_block_2_mul;
    @Conv2d(filters = 192, kernel = 1, bias = false) Layer features_6_0_block_3_0;
    @BatchNorm Layer features_6_0_block_3_1;
    @Conv2d(filters = 1152, kernel = 1, bias = false) Layer features_6_1_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_6_1_block_0_1;
    @Conv2d(filters = 1152, kernel = 5, padding = 2, groups = 1152, bias = false) Layer features_6_1_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_6_1_block_1_1;
    @AvgPool2d(size = 7) Layer features_6_1_block_2_avgpool;
    @Conv2d(filters = 48, kernel = 1, activation = Activation.SILU) Layer features_6_1_block_2_fc1;
    @Conv2d(filters = 1152, kernel = 1, activation = Activation.SIGMOID) Layer features_6_1_block_2_fc2;
    @Multiply(from = {"features_6_1_block_2_fc2", "features_6_1_block_1_1"}) Layer features_6_1_block_2_mul;
    @Conv2d(filters = 192, kernel = 1, bias = false) Layer features_6_1_block_3_0;
    @BatchNorm Layer features_6_1_block_3_1;
    @Add(from = {"features_6_1_block_3_1", "features_6_0_block_3_1"}) Layer features_6_1_add;
    @Conv2d(filters = 1152, kernel = 1, bias = false) Layer features_6_2_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_6_2_block_0_1;
    @Conv2d(filters = 1152, kernel = 5, padding = 2, groups = 1152, bias = false) Layer features_6_2_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_6_2_block_1_1;
    @AvgPool2d(size = 7) Layer features_6_2_block_2_avgpool;
    @Conv2d(filters = 48, kernel = 1, activation = Activation.SILU) Layer features_6_2_block_2_fc1;
    @Conv2d(filters = 1152, kernel = 1, activation = Activation.SIGMOID) Layer features_6_2_block_2_fc2;
    @Multiply(from = {"features_6_2_block_2_fc2", "features_6_2_block_1_1"}) Layer features_6_2_block_2_mul;
    @Conv2d(filters = 192, kernel = 1, bias = false) Layer features_6_2_block_3_0;
    @BatchNorm Layer features_6_2_block_3_1;
    @Add(from = {"features_6_2_block_3_1", "features_6_1_add"}) Layer features_6_2_add;
    @Conv2d(filters = 1152, kernel = 1, bias = false) Layer features_6_3_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_6_3_block_0_1;
    @Conv2d(filters = 1152, kernel = 5, padding = 2, groups = 1152, bias = false) Layer features_6_3_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_6_3_block_1_1;
    @AvgPool2d(size = 7) Layer features_6_3_block_2_avgpool;
    @Conv2d(filters = 48, kernel = 1, activation = Activation.SILU) Layer features_6_3_block_2_fc1;
    @Conv2d(filters = 1152, kernel = 1, activation = Activation.SIGMOID) Layer features_6_3_block_2_fc2;
    @Multiply(from = {"features_6_3_block_2_fc2", "features_6_3_block_1_1"}) Layer features_6_3_block_2_mul;
    @Conv2d(filters = 192, kernel = 1, bias = false) Layer features_6_3_block_3_0;
    @BatchNorm Layer features_6_3_block_3_1;
    @Add(from = {"features_6_3_block_3_1", "features_6_2_add"}) Layer features_6_3_add;        // (192, 7, 7)
    @Conv2d(filters = 1152, kernel = 1, bias = false) Layer features_7_0_block_0_0;
    @BatchNorm(activation = Activation.SILU) Layer features_7_0_block_0_1;
    @Conv2d(filters = 1152, kernel = 3, padding = 1, groups = 1152, bias = false) Layer features_7_0_block_1_0;
    @BatchNorm(activation = Activation.SILU) Layer features_7_0_block_1_1;
    @AvgPool2d(size = 7) Layer features_7_0_block_2_avgpool;
    @Conv2d(filters = 48, kernel = 1, activation = Activation.SILU) Layer features_7_0_block_2_fc1;
    @Conv2d(filters = 1152, kernel = 1, activation = Activation.SIGMOID) Layer features_7_0_block_2_fc2;
    @Multiply(from = {"features_7_0_block_2_fc2", "features_7_0_block_1_1"}) Layer features_7_0_block_2_mul;
    @Conv2d(filters = 320, kernel = 1, bias = false) Layer features_7_0_block_3_0;
    @BatchNorm Layer features_7_0_block_3_1;                                                   // (320, 7, 7)
    @Conv2d(filters = 1280, kernel = 1, bias = false) Layer features_8_0;
    @BatchNorm(activation = Activation.SILU) Layer features_8_1;                               // (1280, 7, 7)
    @GlobalAvgPool2d Layer avgpool;                                                            // (1280)
    @Dropout(rate = 0.2) Layer classifier_0;
    @Dense(units = 1000) Layer classifier_1;
}
