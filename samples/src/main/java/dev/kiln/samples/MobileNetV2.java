package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Add;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.GlobalAvgPool2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/**
 * MobileNet V2 (Sandler et al.) for 224x224 RGB images and 1,000 classes, as torchvision's {@code mobilenet_v2()}: a
 * strided 3x3 stem, seventeen inverted residual blocks (a 1x1 expansion with ReLU6, a depthwise 3x3 with ReLU6, a
 * linear 1x1 projection, each with batch norm; the input added back where the block keeps the shape), a 1x1 conv to
 * 1,280 channels, global average pooling, dropout 0.2 and a dense classifier. 3,504,872 trainable parameters and 34,112
 * non-trainable (the batch norms' running means and variances), as torchvision counts them.
 *
 * <p>Layer names are torchvision's module paths with {@code _} for {@code .} ({@code features_1_conv_0_0} is
 * {@code features.1.conv.0.0}); a function inside a module (an add, a concatenation, a product) is named after the
 * module and the function. Written from {@code torchvision.models.mobilenet_v2()} by
 * {@code scripts/samples/torchvision_samples.py} (PyTorch 2.13, torchvision 0.28), one Kiln layer per torchvision
 * module or function, each activation fused into the layer before it; the comments give the output shape where a block
 * ends with a new shape.
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class MobileNetV2 {
    @Conv2d(filters = 32, kernel = 3, stride = 2, padding = 1, bias = false) Layer features_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_0_1;                              // (32, 112, 112)
    @Conv2d(filters = 32, kernel = 3, padding = 1, groups = 32, bias = false) Layer features_1_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_1_conv_0_1;
    @Conv2d(filters = 16, kernel = 1, bias = false) Layer features_1_conv_1;
    @BatchNorm Layer features_1_conv_2;                                                        // (16, 112, 112)
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer features_2_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_2_conv_0_1;
    @Conv2d(filters = 96, kernel = 3, stride = 2, padding = 1, groups = 96, bias = false) Layer features_2_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_2_conv_1_1;
    @Conv2d(filters = 24, kernel = 1, bias = false) Layer features_2_conv_2;
    @BatchNorm Layer features_2_conv_3;                                                        // (24, 56, 56)
    @Conv2d(filters = 144, kernel = 1, bias = false) Layer features_3_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_3_conv_0_1;
    @Conv2d(filters = 144, kernel = 3, padding = 1, groups = 144, bias = false) Layer features_3_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_3_conv_1_1;
    @Conv2d(filters = 24, kernel = 1, bias = false) Layer features_3_conv_2;
    @BatchNorm Layer features_3_conv_3;
    @Add(from = {"features_2_conv_3", "features_3_conv_3"}) Layer features_3_add;
    @Conv2d(filters = 144, kernel = 1, bias = false) Layer features_4_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_4_conv_0_1;
    @Conv2d(filters = 144, kernel = 3, stride = 2, padding = 1, groups = 144, bias = false) Layer features_4_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_4_conv_1_1;
    @Conv2d(filters = 32, kernel = 1, bias = false) Layer features_4_conv_2;
    @BatchNorm Layer features_4_conv_3;                                                        // (32, 28, 28)
    @Conv2d(filters = 192, kernel = 1, bias = false) Layer features_5_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_5_conv_0_1;
    @Conv2d(filters = 192, kernel = 3, padding = 1, groups = 192, bias = false) Layer features_5_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_5_conv_1_1;
    @Conv2d(filters = 32, kernel = 1, bias = false) Layer features_5_conv_2;
    @BatchNorm Layer features_5_conv_3;
    @Add(from = {"features_4_conv_3", "features_5_conv_3"}) Layer features_5_add;
    @Conv2d(filters = 192, kernel = 1, bias = false) Layer features_6_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_6_conv_0_1;
    @Conv2d(filters = 192, kernel = 3, padding = 1, groups = 192, bias = false) Layer features_6_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_6_conv_1_1;
    @Conv2d(filters = 32, kernel = 1, bias = false) Layer features_6_conv_2;
    @BatchNorm Layer features_6_conv_3;
    @Add(from = {"features_5_add", "features_6_conv_3"}) Layer features_6_add;
    @Conv2d(filters = 192, kernel = 1, bias = false) Layer features_7_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_7_conv_0_1;
    @Conv2d(filters = 192, kernel = 3, stride = 2, padding = 1, groups = 192, bias = false) Layer features_7_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_7_conv_1_1;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer features_7_conv_2;
    @BatchNorm Layer features_7_conv_3;                                                        // (64, 14, 14)
    @Conv2d(filters = 384, kernel = 1, bias = false) Layer features_8_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_8_conv_0_1;
    @Conv2d(filters = 384, kernel = 3, padding = 1, groups = 384, bias = false) Layer features_8_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_8_conv_1_1;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer features_8_conv_2;
    @BatchNorm Layer features_8_conv_3;
    @Add(from = {"features_7_conv_3", "features_8_conv_3"}) Layer features_8_add;
    @Conv2d(filters = 384, kernel = 1, bias = false) Layer features_9_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_9_conv_0_1;
    @Conv2d(filters = 384, kernel = 3, padding = 1, groups = 384, bias = false) Layer features_9_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_9_conv_1_1;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer features_9_conv_2;
    @BatchNorm Layer features_9_conv_3;
    @Add(from = {"features_8_add", "features_9_conv_3"}) Layer features_9_add;
    @Conv2d(filters = 384, kernel = 1, bias = false) Layer features_10_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_10_conv_0_1;
    @Conv2d(filters = 384, kernel = 3, padding = 1, groups = 384, bias = false) Layer features_10_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_10_conv_1_1;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer features_10_conv_2;
    @BatchNorm Layer features_10_conv_3;
    @Add(from = {"features_9_add", "features_10_conv_3"}) Layer features_10_add;
    @Conv2d(filters = 384, kernel = 1, bias = false) Layer features_11_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_11_conv_0_1;
    @Conv2d(filters = 384, kernel = 3, padding = 1, groups = 384, bias = false) Layer features_11_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_11_conv_1_1;
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer features_11_conv_2;
    @BatchNorm Layer features_11_conv_3;                                                       // (96, 14, 14)
    @Conv2d(filters = 576, kernel = 1, bias = false) Layer features_12_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_12_conv_0_1;
    @Conv2d(filters = 576, kernel = 3, padding = 1, groups = 576, bias = false) Layer features_12_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_12_conv_1_1;
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer features_12_conv_2;
    @BatchNorm Layer features_12_conv_3;
    @Add(from = {"features_11_conv_3", "features_12_conv_3"}) Layer features_12_add;
    @Conv2d(filters = 576, kernel = 1, bias = false) Layer features_13_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_13_conv_0_1;
    @Conv2d(filters = 576, kernel = 3, padding = 1, groups = 576, bias = false) Layer features_13_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_13_conv_1_1;
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer features_13_conv_2;
    @BatchNorm Layer features_13_conv_3;
    @Add(from = {"features_12_add", "features_13_conv_3"}) Layer features_13_add;
    @Conv2d(filters = 576, kernel = 1, bias = false) Layer features_14_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_14_conv_0_1;
    @Conv2d(filters = 576, kernel = 3, stride = 2, padding = 1, groups = 576, bias = false) Layer features_14_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_14_conv_1_1;
    @Conv2d(filters = 160, kernel = 1, bias = false) Layer features_14_conv_2;
    @BatchNorm Layer features_14_conv_3;                                                       // (160, 7, 7)
    @Conv2d(filters = 960, kernel = 1, bias = false) Layer features_15_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_15_conv_0_1;
    @Conv2d(filters = 960, kernel = 3, padding = 1, groups = 960, bias = false) Layer features_15_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_15_conv_1_1;
    @Conv2d(filters = 160, kernel = 1, bias = false) Layer features_15_conv_2;
    @BatchNorm Layer features_15_conv_3;
    @Add(from = {"features_14_conv_3", "features_15_conv_3"}) Layer features_15_add;
    @Conv2d(filters = 960, kernel = 1, bias = false) Layer features_16_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_16_conv_0_1;
    @Conv2d(filters = 960, kernel = 3, padding = 1, groups = 960, bias = false) Layer features_16_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_16_conv_1_1;
    @Conv2d(filters = 160, kernel = 1, bias = false) Layer features_16_conv_2;
    @BatchNorm Layer features_16_conv_3;
    @Add(from = {"features_15_add", "features_16_conv_3"}) Layer features_16_add;
    @Conv2d(filters = 960, kernel = 1, bias = false) Layer features_17_conv_0_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_17_conv_0_1;
    @Conv2d(filters = 960, kernel = 3, padding = 1, groups = 960, bias = false) Layer features_17_conv_1_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_17_conv_1_1;
    @Conv2d(filters = 320, kernel = 1, bias = false) Layer features_17_conv_2;
    @BatchNorm Layer features_17_conv_3;                                                       // (320, 7, 7)
    @Conv2d(filters = 1280, kernel = 1, bias = false) Layer features_18_0;
    @BatchNorm(activation = Activation.RELU6) Layer features_18_1;                             // (1280, 7, 7)
    @GlobalAvgPool2d Layer pool;                                                               // (1280)
    @Dropout(rate = 0.2) Layer classifier_0;
    @Dense(units = 1000) Layer classifier_1;
}
