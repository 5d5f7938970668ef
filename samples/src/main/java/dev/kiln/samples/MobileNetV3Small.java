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
 * MobileNet V3 Small (Howard et al.) for 224x224 RGB images and 1,000 classes, as torchvision's
 * {@code mobilenet_v3_small()}: a strided 3x3 stem with hard swish, eleven inverted residual blocks with ReLU or hard
 * swish and, in eight of them, squeeze-and-excitation (the block's depthwise output averaged to (C, 1, 1), two 1x1
 * convs, ReLU then hard sigmoid, multiplied back per channel), a 1x1 conv to 576 channels, global average pooling, a
 * dense layer of 1,024 with hard swish, dropout 0.2 and a dense classifier. Batch norm eps 0.001, momentum 0.01.
 * 2,542,856 trainable parameters and 12,112 non-trainable (the batch norms' running means and variances), as
 * torchvision counts them.
 *
 * <p>Layer names are torchvision's module paths with {@code _} for {@code .} ({@code features_1_block_0_0} is
 * {@code features.1.block.0.0}); a function inside a module (an add, a concatenation, a product) is named after the
 * module and the function. Written from {@code torchvision.models.mobilenet_v3_small()} by
 * {@code scripts/samples/torchvision_samples.py} (PyTorch 2.13, torchvision 0.28), one Kiln layer per torchvision
 * module or function, each activation fused into the layer before it; the comments give the output shape where a block
 * ends with a new shape.
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class MobileNetV3Small {
    @Conv2d(filters = 16, kernel = 3, stride = 2, padding = 1, bias = false) Layer features_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_0_1;  // (16, 112, 112)
    @Conv2d(filters = 16, kernel = 3, stride = 2, padding = 1, groups = 16, bias = false) Layer features_1_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.RELU) Layer features_1_block_0_1;
    @AvgPool2d(size = 56) Layer features_1_block_1_avgpool;
    @Conv2d(filters = 8, kernel = 1, activation = Activation.RELU) Layer features_1_block_1_fc1;
    @Conv2d(filters = 16, kernel = 1, activation = Activation.HARD_SIGMOID) Layer features_1_block_1_fc2;
    @Multiply(from = {"features_1_block_1_fc2", "features_1_block_0_1"}) Layer features_1_block_1_mul;
    @Conv2d(filters = 16, kernel = 1, bias = false) Layer features_1_block_2_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_1_block_2_1;                              // (16, 56, 56)
    @Conv2d(filters = 72, kernel = 1, bias = false) Layer features_2_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.RELU) Layer features_2_block_0_1;
    @Conv2d(filters = 72, kernel = 3, stride = 2, padding = 1, groups = 72, bias = false) Layer features_2_block_1_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.RELU) Layer features_2_block_1_1;
    @Conv2d(filters = 24, kernel = 1, bias = false) Layer features_2_block_2_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_2_block_2_1;                              // (24, 28, 28)
    @Conv2d(filters = 88, kernel = 1, bias = false) Layer features_3_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.RELU) Layer features_3_block_0_1;
    @Conv2d(filters = 88, kernel = 3, padding = 1, groups = 88, bias = false) Layer features_3_block_1_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.RELU) Layer features_3_block_1_1;
    @Conv2d(filters = 24, kernel = 1, bias = false) Layer features_3_block_2_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_3_block_2_1;
    @Add(from = {"features_3_block_2_1", "features_2_block_2_1"}) Layer features_3_add;
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer features_4_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_4_block_0_1;
    @Conv2d(filters = 96, kernel = 5, stride = 2, padding = 2, groups = 96, bias = false) Layer features_4_block_1_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_4_block_1_1;
    @AvgPool2d(size = 14) Layer features_4_block_2_avgpool;
    @Conv2d(filters = 24, kernel = 1, activation = Activation.RELU) Layer features_4_block_2_fc1;
    @Conv2d(filters = 96, kernel = 1, activation = Activation.HARD_SIGMOID) Layer features_4_block_2_fc2;
    @Multiply(from = {"features_4_block_2_fc2", "features_4_block_1_1"}) Layer features_4_block_2_mul;
    @Conv2d(filters = 40, kernel = 1, bias = false) Layer features_4_block_3_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_4_block_3_1;                              // (40, 14, 14)
    @Conv2d(filters = 240, kernel = 1, bias = false) Layer features_5_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_5_block_0_1;
    @Conv2d(filters = 240, kernel = 5, padding = 2, groups = 240, bias = false) Layer features_5_block_1_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_5_block_1_1;
    @AvgPool2d(size = 14) Layer features_5_block_2_avgpool;
    @Conv2d(filters = 64, kernel = 1, activation = Activation.RELU) Layer features_5_block_2_fc1;
    @Conv2d(filters = 240, kernel = 1, activation = Activation.HARD_SIGMOID) Layer features_5_block_2_fc2;
    @Multiply(from = {"features_5_block_2_fc2", "features_5_block_1_1"}) Layer features_5_block_2_mul;
    @Conv2d(filters = 40, kernel = 1, bias = false) Layer features_5_block_3_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_5_block_3_1;
    @Add(from = {"features_5_block_3_1", "features_4_block_3_1"}) Layer features_5_add;
    @Conv2d(filters = 240, kernel = 1, bias = false) Layer features_6_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_6_block_0_1;
    @Conv2d(filters = 240, kernel = 5, padding = 2, groups = 240, bias = false) Layer features_6_block_1_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_6_block_1_1;
    @AvgPool2d(size = 14) Layer features_6_block_2_avgpool;
    @Conv2d(filters = 64, kernel = 1, activation = Activation.RELU) Layer features_6_block_2_fc1;
    @Conv2d(filters = 240, kernel = 1, activation = Activation.HARD_SIGMOID) Layer features_6_block_2_fc2;
    @Multiply(from = {"features_6_block_2_fc2", "features_6_block_1_1"}) Layer features_6_block_2_mul;
    @Conv2d(filters = 40, kernel = 1, bias = false) Layer features_6_block_3_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_6_block_3_1;
    @Add(from = {"features_6_block_3_1", "features_5_add"}) Layer features_6_add;
    @Conv2d(filters = 120, kernel = 1, bias = false) Layer features_7_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_7_block_0_1;
    @Conv2d(filters = 120, kernel = 5, padding = 2, groups = 120, bias = false) Layer features_7_block_1_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_7_block_1_1;
    @AvgPool2d(size = 14) Layer features_7_block_2_avgpool;
    @Conv2d(filters = 32, kernel = 1, activation = Activation.RELU) Layer features_7_block_2_fc1;
    @Conv2d(filters = 120, kernel = 1, activation = Activation.HARD_SIGMOID) Layer features_7_block_2_fc2;
    @Multiply(from = {"features_7_block_2_fc2", "features_7_block_1_1"}) Layer features_7_block_2_mul;
    @Conv2d(filters = 48, kernel = 1, bias = false) Layer features_7_block_3_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_7_block_3_1;                              // (48, 14, 14)
    @Conv2d(filters = 144, kernel = 1, bias = false) Layer features_8_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_8_block_0_1;
    @Conv2d(filters = 144, kernel = 5, padding = 2, groups = 144, bias = false) Layer features_8_block_1_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_8_block_1_1;
    @AvgPool2d(size = 14) Layer features_8_block_2_avgpool;
    @Conv2d(filters = 40, kernel = 1, activation = Activation.RELU) Layer features_8_block_2_fc1;
    @Conv2d(filters = 144, kernel = 1, activation = Activation.HARD_SIGMOID) Layer features_8_block_2_fc2;
    @Multiply(from = {"features_8_block_2_fc2", "features_8_block_1_1"}) Layer features_8_block_2_mul;
    @Conv2d(filters = 48, kernel = 1, bias = false) Layer features_8_block_3_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_8_block_3_1;
    @Add(from = {"features_8_block_3_1", "features_7_block_3_1"}) Layer features_8_add;
    @Conv2d(filters = 288, kernel = 1, bias = false) Layer features_9_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_9_block_0_1;
    @Conv2d(filters = 288, kernel = 5, stride = 2, padding = 2, groups = 288, bias = false) Layer features_9_block_1_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_9_block_1_1;
    @AvgPool2d(size = 7) Layer features_9_block_2_avgpool;
    @Conv2d(filters = 72, kernel = 1, activation = Activation.RELU) Layer features_9_block_2_fc1;
    @Conv2d(filters = 288, kernel = 1, activation = Activation.HARD_SIGMOID) Layer features_9_block_2_fc2;
    @Multiply(from = {"features_9_block_2_fc2", "features_9_block_1_1"}) Layer features_9_block_2_mul;
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer features_9_block_3_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_9_block_3_1;                              // (96, 7, 7)
    @Conv2d(filters = 576, kernel = 1, bias = false) Layer features_10_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_10_block_0_1;
    @Conv2d(filters = 576, kernel = 5, padding = 2, groups = 576, bias = false) Layer features_10_block_1_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_10_block_1_1;
    @AvgPool2d(size = 7) Layer features_10_block_2_avgpool;
    @Conv2d(filters = 144, kernel = 1, activation = Activation.RELU) Layer features_10_block_2_fc1;
    @Conv2d(filters = 576, kernel = 1, activation = Activation.HARD_SIGMOID) Layer features_10_block_2_fc2;
    @Multiply(from = {"features_10_block_2_fc2", "features_10_block_1_1"}) Layer features_10_block_2_mul;
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer features_10_block_3_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_10_block_3_1;
    @Add(from = {"features_10_block_3_1", "features_9_block_3_1"}) Layer features_10_add;
    @Conv2d(filters = 576, kernel = 1, bias = false) Layer features_11_block_0_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_11_block_0_1;
    @Conv2d(filters = 576, kernel = 5, padding = 2, groups = 576, bias = false) Layer features_11_block_1_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_11_block_1_1;
    @AvgPool2d(size = 7) Layer features_11_block_2_avgpool;
    @Conv2d(filters = 144, kernel = 1, activation = Activation.RELU) Layer features_11_block_2_fc1;
    @Conv2d(filters = 576, kernel = 1, activation = Activation.HARD_SIGMOID) Layer features_11_block_2_fc2;
    @Multiply(from = {"features_11_block_2_fc2", "features_11_block_1_1"}) Layer features_11_block_2_mul;
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer features_11_block_3_0;
    @BatchNorm(eps = 0.001, momentum = 0.01) Layer features_11_block_3_1;
    @Add(from = {"features_11_block_3_1", "features_10_add"}) Layer features_11_add;
    @Conv2d(filters = 576, kernel = 1, bias = false) Layer features_12_0;
    @BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.HARD_SWISH) Layer features_12_1; // (576, 7, 7)
    @GlobalAvgPool2d Layer avgpool;                                                                   // (576)
    @Dense(units = 1024, activation = Activation.HARD_SWISH) Layer classifier_0;
    @Dropout(rate = 0.2) Layer classifier_2;
    @Dense(units = 1000) Layer classifier_3;
}
