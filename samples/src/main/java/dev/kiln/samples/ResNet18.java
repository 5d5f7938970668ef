package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Add;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.GlobalAvgPool2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;

/**
 * ResNet-18 (He et al.) for 224x224 RGB images and 1,000 classes, as torchvision's {@code resnet18}:
 * a 7x7 stem with batch norm and max pooling, four stages of two basic blocks (two 3x3 convs with
 * batch norm, the skip added before the last ReLU; the first block of stages 2 to 4 halves the size
 * and projects its shortcut with a strided 1x1 conv and batch norm), global average pooling and a
 * dense classifier. 11,689,512 trainable parameters and 9,600 non-trainable (the running
 * statistics), as torchvision counts them. Layer names follow torchvision's modules with {@code _}
 * for {@code .} ({@code layer2_0_downsample0} is {@code layer2.0.downsample.0}). A spec to show the
 * DSL at this scale (its summary is a golden test); Kiln does not train it here.
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class ResNet18 {
    @Conv2d(filters = 64, kernel = 7, stride = 2, padding = 3, bias = false) Layer conv1;      // (64, 112, 112)
    @BatchNorm(activation = Activation.RELU) Layer bn1;
    @MaxPool2d(size = 3, stride = 2, padding = 1) Layer maxpool;                               // (64, 56, 56)
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer layer1_0_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer1_0_bn1;
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer layer1_0_conv2;
    @BatchNorm Layer layer1_0_bn2;
    @Add(from = {"layer1_0_bn2", "maxpool"}, activation = Activation.RELU) Layer layer1_0_out;
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer layer1_1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer1_1_bn1;
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer layer1_1_conv2;
    @BatchNorm Layer layer1_1_bn2;
    @Add(from = {"layer1_1_bn2", "layer1_0_out"}, activation = Activation.RELU) Layer layer1_1_out;
    @Conv2d(filters = 128, kernel = 3, stride = 2, padding = 1, bias = false) Layer layer2_0_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer2_0_bn1;
    @Conv2d(filters = 128, kernel = 3, padding = 1, bias = false) Layer layer2_0_conv2;
    @BatchNorm Layer layer2_0_bn2;
    @Conv2d(from = "layer1_1_out", filters = 128, kernel = 1, stride = 2, bias = false) Layer layer2_0_downsample0;
    @BatchNorm Layer layer2_0_downsample1;
    @Add(from = {"layer2_0_bn2", "layer2_0_downsample1"}, activation = Activation.RELU) Layer layer2_0_out;
    @Conv2d(filters = 128, kernel = 3, padding = 1, bias = false) Layer layer2_1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer2_1_bn1;
    @Conv2d(filters = 128, kernel = 3, padding = 1, bias = false) Layer layer2_1_conv2;
    @BatchNorm Layer layer2_1_bn2;
    @Add(from = {"layer2_1_bn2", "layer2_0_out"}, activation = Activation.RELU) Layer layer2_1_out;
    @Conv2d(filters = 256, kernel = 3, stride = 2, padding = 1, bias = false) Layer layer3_0_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer3_0_bn1;
    @Conv2d(filters = 256, kernel = 3, padding = 1, bias = false) Layer layer3_0_conv2;
    @BatchNorm Layer layer3_0_bn2;
    @Conv2d(from = "layer2_1_out", filters = 256, kernel = 1, stride = 2, bias = false) Layer layer3_0_downsample0;
    @BatchNorm Layer layer3_0_downsample1;
    @Add(from = {"layer3_0_bn2", "layer3_0_downsample1"}, activation = Activation.RELU) Layer layer3_0_out;
    @Conv2d(filters = 256, kernel = 3, padding = 1, bias = false) Layer layer3_1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer3_1_bn1;
    @Conv2d(filters = 256, kernel = 3, padding = 1, bias = false) Layer layer3_1_conv2;
    @BatchNorm Layer layer3_1_bn2;
    @Add(from = {"layer3_1_bn2", "layer3_0_out"}, activation = Activation.RELU) Layer layer3_1_out;
    @Conv2d(filters = 512, kernel = 3, stride = 2, padding = 1, bias = false) Layer layer4_0_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer4_0_bn1;
    @Conv2d(filters = 512, kernel = 3, padding = 1, bias = false) Layer layer4_0_conv2;
    @BatchNorm Layer layer4_0_bn2;
    @Conv2d(from = "layer3_1_out", filters = 512, kernel = 1, stride = 2, bias = false) Layer layer4_0_downsample0;
    @BatchNorm Layer layer4_0_downsample1;
    @Add(from = {"layer4_0_bn2", "layer4_0_downsample1"}, activation = Activation.RELU) Layer layer4_0_out;
    @Conv2d(filters = 512, kernel = 3, padding = 1, bias = false) Layer layer4_1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer4_1_bn1;
    @Conv2d(filters = 512, kernel = 3, padding = 1, bias = false) Layer layer4_1_conv2;
    @BatchNorm Layer layer4_1_bn2;
    @Add(from = {"layer4_1_bn2", "layer4_0_out"}, activation = Activation.RELU) Layer layer4_1_out;
    @GlobalAvgPool2d Layer avgpool;                                                            // (512)
    @Dense(units = 1000) Layer fc;
}
