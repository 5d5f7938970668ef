package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Concat;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.GlobalAvgPool2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;

/**
 * SqueezeNet 1.1 (Iandola et al.) for 224x224 RGB images and 1,000 classes, as torchvision's {@code squeezenet1_1()}: a
 * strided 3x3 stem, eight fire modules (a 1x1 squeeze with ReLU, then 1x1 and 3x3 expansions with ReLU, concatenated)
 * between ceil-mode max pools, dropout 0.5, a 1x1 conv to one map per class with ReLU, and global average pooling of
 * each map into the class scores (logits): no dense layer, no batch norm. 1,235,496 trainable parameters and no
 * non-trainable ones (no batch norm), as torchvision counts them.
 *
 * <p>Layer names are torchvision's module paths with {@code _} for {@code .} ({@code features_3_squeeze} is
 * {@code features.3.squeeze}); a function inside a module (an add, a concatenation, a product) is named after the
 * module and the function. Written from {@code torchvision.models.squeezenet1_1()} by
 * {@code scripts/samples/torchvision_samples.py} (PyTorch 2.13, torchvision 0.28), one Kiln layer per torchvision
 * module or function, each activation fused into the layer before it; the comments give the output shape where a block
 * ends with a new shape.
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class SqueezeNet11 {
    @Conv2d(filters = 64, kernel = 3, stride = 2, activation = Activation.RELU) Layer features_0; // (64, 111, 111)
    @MaxPool2d(size = 3, stride = 2, ceilMode = true) Layer features_2;                           // (64, 55, 55)
    @Conv2d(filters = 16, kernel = 1, activation = Activation.RELU) Layer features_3_squeeze;
    @Conv2d(filters = 64, kernel = 1, activation = Activation.RELU) Layer features_3_expand1x1;
    @Conv2d(from = "features_3_squeeze", filters = 64, kernel = 3, padding = 1, activation = Activation.RELU)
    Layer features_3_expand3x3;
    @Concat(from = {"features_3_expand1x1", "features_3_expand3x3"}) Layer features_3_cat;        // (128, 55, 55)
    @Conv2d(filters = 16, kernel = 1, activation = Activation.RELU) Layer features_4_squeeze;
    @Conv2d(filters = 64, kernel = 1, activation = Activation.RELU) Layer features_4_expand1x1;
    @Conv2d(from = "features_4_squeeze", filters = 64, kernel = 3, padding = 1, activation = Activation.RELU)
    Layer features_4_expand3x3;
    @Concat(from = {"features_4_expand1x1", "features_4_expand3x3"}) Layer features_4_cat;
    @MaxPool2d(size = 3, stride = 2, ceilMode = true) Layer features_5;                           // (128, 27, 27)
    @Conv2d(filters = 32, kernel = 1, activation = Activation.RELU) Layer features_6_squeeze;
    @Conv2d(filters = 128, kernel = 1, activation = Activation.RELU) Layer features_6_expand1x1;
    @Conv2d(from = "features_6_squeeze", filters = 128, kernel = 3, padding = 1, activation = Activation.RELU)
    Layer features_6_expand3x3;
    @Concat(from = {"features_6_expand1x1", "features_6_expand3x3"}) Layer features_6_cat;        // (256, 27, 27)
    @Conv2d(filters = 32, kernel = 1, activation = Activation.RELU) Layer features_7_squeeze;
    @Conv2d(filters = 128, kernel = 1, activation = Activation.RELU) Layer features_7_expand1x1;
    @Conv2d(from = "features_7_squeeze", filters = 128, kernel = 3, padding = 1, activation = Activation.RELU)
    Layer features_7_expand3x3;
    @Concat(from = {"features_7_expand1x1", "features_7_expand3x3"}) Layer features_7_cat;
    @MaxPool2d(size = 3, stride = 2, ceilMode = true) Layer features_8;                           // (256, 13, 13)
    @Conv2d(filters = 48, kernel = 1, activation = Activation.RELU) Layer features_9_squeeze;
    @Conv2d(filters = 192, kernel = 1, activation = Activation.RELU) Layer features_9_expand1x1;
    @Conv2d(from = "features_9_squeeze", filters = 192, kernel = 3, padding = 1, activation = Activation.RELU)
    Layer features_9_expand3x3;
    @Concat(from = {"features_9_expand1x1", "features_9_expand3x3"}) Layer features_9_cat;        // (384, 13, 13)
    @Conv2d(filters = 48, kernel = 1, activation = Activation.RELU) Layer features_10_squeeze;
    @Conv2d(filters = 192, kernel = 1, activation = Activation.RELU) Layer features_10_expand1x1;
    @Conv2d(from = "features_10_squeeze", filters = 192, kernel = 3, padding = 1, activation = Activation.RELU)
    Layer features_10_expand3x3;
    @Concat(from = {"features_10_expand1x1", "features_10_expand3x3"}) Layer features_10_cat;
    @Conv2d(filters = 64, kernel = 1, activation = Activation.RELU) Layer features_11_squeeze;
    @Conv2d(filters = 256, kernel = 1, activation = Activation.RELU) Layer features_11_expand1x1;
    @Conv2d(from = "features_11_squeeze", filters = 256, kernel = 3, padding = 1, activation = Activation.RELU)
    Layer features_11_expand3x3;
    @Concat(from = {"features_11_expand1x1", "features_11_expand3x3"}) Layer features_11_cat;     // (512, 13, 13)
    @Conv2d(filters = 64, kernel = 1, activation = Activation.RELU) Layer features_12_squeeze;
    @Conv2d(filters = 256, kernel = 1, activation = Activation.RELU) Layer features_12_expand1x1;
    @Conv2d(from = "features_12_squeeze", filters = 256, kernel = 3, padding = 1, activation = Activation.RELU)
    Layer features_12_expand3x3;
    @Concat(from = {"features_12_expand1x1", "features_12_expand3x3"}) Layer features_12_cat;
    @Dropout(rate = 0.5) Layer classifier_0;
    @Conv2d(filters = 1000, kernel = 1, activation = Activation.RELU) Layer classifier_1;
    @GlobalAvgPool2d Layer classifier_3;
}
