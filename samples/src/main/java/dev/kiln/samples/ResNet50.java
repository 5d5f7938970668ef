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
 * ResNet-50 (He et al., with the stride on the 3x3 conv as torchvision's "v1.5") for 224x224 RGB images
 * and 1,000 classes, as torchvision's {@code resnet50}: the 7x7 stem with batch norm and max pooling, four
 * stages of 3, 4, 6 and 3 bottleneck blocks (1x1 conv to the block's width, 3x3 conv, 1x1 conv to four
 * times the width, each with batch norm; the skip added before the last ReLU; the first block of each
 * stage projects its shortcut with a 1x1 conv and batch norm, strided from stage 2 on), global average
 * pooling and a dense classifier. 25,557,032 trainable parameters and 53,120 non-trainable (the running
 * statistics), as torchvision counts them. Layer names follow torchvision's modules with {@code _} for
 * {@code .} ({@code layer3_0_downsample0} is {@code layer3.0.downsample.0}).
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class ResNet50 {
    @Conv2d(filters = 64, kernel = 7, stride = 2, padding = 3, bias = false) Layer conv1;      // (64, 112, 112)
    @BatchNorm(activation = Activation.RELU) Layer bn1;
    @MaxPool2d(size = 3, stride = 2, padding = 1) Layer maxpool;                               // (64, 56, 56)
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer layer1_0_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer1_0_bn1;
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer layer1_0_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer1_0_bn2;
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer layer1_0_conv3;                     // (256, 56, 56)
    @BatchNorm Layer layer1_0_bn3;
    @Conv2d(from = "maxpool", filters = 256, kernel = 1, bias = false) Layer layer1_0_downsample0;
    @BatchNorm Layer layer1_0_downsample1;
    @Add(from = {"layer1_0_bn3", "layer1_0_downsample1"}, activation = Activation.RELU) Layer layer1_0_out;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer layer1_1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer1_1_bn1;
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer layer1_1_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer1_1_bn2;
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer layer1_1_conv3;
    @BatchNorm Layer layer1_1_bn3;
    @Add(from = {"layer1_1_bn3", "layer1_0_out"}, activation = Activation.RELU) Layer layer1_1_out;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer layer1_2_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer1_2_bn1;
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer layer1_2_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer1_2_bn2;
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer layer1_2_conv3;
    @BatchNorm Layer layer1_2_bn3;
    @Add(from = {"layer1_2_bn3", "layer1_1_out"}, activation = Activation.RELU) Layer layer1_2_out;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer layer2_0_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer2_0_bn1;
    @Conv2d(filters = 128, kernel = 3, stride = 2, padding = 1, bias = false) Layer layer2_0_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer2_0_bn2;
    @Conv2d(filters = 512, kernel = 1, bias = false) Layer layer2_0_conv3;                     // (512, 28, 28)
    @BatchNorm Layer layer2_0_bn3;
    @Conv2d(from = "layer1_2_out", filters = 512, kernel = 1, stride = 2, bias = false) Layer layer2_0_downsample0;
    @BatchNorm Layer layer2_0_downsample1;
    @Add(from = {"layer2_0_bn3", "layer2_0_downsample1"}, activation = Activation.RELU) Layer layer2_0_out;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer layer2_1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer2_1_bn1;
    @Conv2d(filters = 128, kernel = 3, padding = 1, bias = false) Layer layer2_1_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer2_1_bn2;
    @Conv2d(filters = 512, kernel = 1, bias = false) Layer layer2_1_conv3;
    @BatchNorm Layer layer2_1_bn3;
    @Add(from = {"layer2_1_bn3", "layer2_0_out"}, activation = Activation.RELU) Layer layer2_1_out;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer layer2_2_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer2_2_bn1;
    @Conv2d(filters = 128, kernel = 3, padding = 1, bias = false) Layer layer2_2_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer2_2_bn2;
    @Conv2d(filters = 512, kernel = 1, bias = false) Layer layer2_2_conv3;
    @BatchNorm Layer layer2_2_bn3;
    @Add(from = {"layer2_2_bn3", "layer2_1_out"}, activation = Activation.RELU) Layer layer2_2_out;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer layer2_3_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer2_3_bn1;
    @Conv2d(filters = 128, kernel = 3, padding = 1, bias = false) Layer layer2_3_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer2_3_bn2;
    @Conv2d(filters = 512, kernel = 1, bias = false) Layer layer2_3_conv3;
    @BatchNorm Layer layer2_3_bn3;
    @Add(from = {"layer2_3_bn3", "layer2_2_out"}, activation = Activation.RELU) Layer layer2_3_out;
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer layer3_0_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer3_0_bn1;
    @Conv2d(filters = 256, kernel = 3, stride = 2, padding = 1, bias = false) Layer layer3_0_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer3_0_bn2;
    @Conv2d(filters = 1024, kernel = 1, bias = false) Layer layer3_0_conv3;                    // (1024, 14, 14)
    @BatchNorm Layer layer3_0_bn3;
    @Conv2d(from = "layer2_3_out", filters = 1024, kernel = 1, stride = 2, bias = false) Layer layer3_0_downsample0;
    @BatchNorm Layer layer3_0_downsample1;
    @Add(from = {"layer3_0_bn3", "layer3_0_downsample1"}, activation = Activation.RELU) Layer layer3_0_out;
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer layer3_1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer3_1_bn1;
    @Conv2d(filters = 256, kernel = 3, padding = 1, bias = false) Layer layer3_1_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer3_1_bn2;
    @Conv2d(filters = 1024, kernel = 1, bias = false) Layer layer3_1_conv3;
    @BatchNorm Layer layer3_1_bn3;
    @Add(from = {"layer3_1_bn3", "layer3_0_out"}, activation = Activation.RELU) Layer layer3_1_out;
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer layer3_2_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer3_2_bn1;
    @Conv2d(filters = 256, kernel = 3, padding = 1, bias = false) Layer layer3_2_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer3_2_bn2;
    @Conv2d(filters = 1024, kernel = 1, bias = false) Layer layer3_2_conv3;
    @BatchNorm Layer layer3_2_bn3;
    @Add(from = {"layer3_2_bn3", "layer3_1_out"}, activation = Activation.RELU) Layer layer3_2_out;
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer layer3_3_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer3_3_bn1;
    @Conv2d(filters = 256, kernel = 3, padding = 1, bias = false) Layer layer3_3_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer3_3_bn2;
    @Conv2d(filters = 1024, kernel = 1, bias = false) Layer layer3_3_conv3;
    @BatchNorm Layer layer3_3_bn3;
    @Add(from = {"layer3_3_bn3", "layer3_2_out"}, activation = Activation.RELU) Layer layer3_3_out;
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer layer3_4_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer3_4_bn1;
    @Conv2d(filters = 256, kernel = 3, padding = 1, bias = false) Layer layer3_4_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer3_4_bn2;
    @Conv2d(filters = 1024, kernel = 1, bias = false) Layer layer3_4_conv3;
    @BatchNorm Layer layer3_4_bn3;
    @Add(from = {"layer3_4_bn3", "layer3_3_out"}, activation = Activation.RELU) Layer layer3_4_out;
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer layer3_5_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer3_5_bn1;
    @Conv2d(filters = 256, kernel = 3, padding = 1, bias = false) Layer layer3_5_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer3_5_bn2;
    @Conv2d(filters = 1024, kernel = 1, bias = false) Layer layer3_5_conv3;
    @BatchNorm Layer layer3_5_bn3;
    @Add(from = {"layer3_5_bn3", "layer3_4_out"}, activation = Activation.RELU) Layer layer3_5_out;
    @Conv2d(filters = 512, kernel = 1, bias = false) Layer layer4_0_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer4_0_bn1;
    @Conv2d(filters = 512, kernel = 3, stride = 2, padding = 1, bias = false) Layer layer4_0_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer4_0_bn2;
    @Conv2d(filters = 2048, kernel = 1, bias = false) Layer layer4_0_conv3;                    // (2048, 7, 7)
    @BatchNorm Layer layer4_0_bn3;
    @Conv2d(from = "layer3_5_out", filters = 2048, kernel = 1, stride = 2, bias = false) Layer layer4_0_downsample0;
    @BatchNorm Layer layer4_0_downsample1;
    @Add(from = {"layer4_0_bn3", "layer4_0_downsample1"}, activation = Activation.RELU) Layer layer4_0_out;
    @Conv2d(filters = 512, kernel = 1, bias = false) Layer layer4_1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer4_1_bn1;
    @Conv2d(filters = 512, kernel = 3, padding = 1, bias = false) Layer layer4_1_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer4_1_bn2;
    @Conv2d(filters = 2048, kernel = 1, bias = false) Layer layer4_1_conv3;
    @BatchNorm Layer layer4_1_bn3;
    @Add(from = {"layer4_1_bn3", "layer4_0_out"}, activation = Activation.RELU) Layer layer4_1_out;
    @Conv2d(filters = 512, kernel = 1, bias = false) Layer layer4_2_conv1;
    @BatchNorm(activation = Activation.RELU) Layer layer4_2_bn1;
    @Conv2d(filters = 512, kernel = 3, padding = 1, bias = false) Layer layer4_2_conv2;
    @BatchNorm(activation = Activation.RELU) Layer layer4_2_bn2;
    @Conv2d(filters = 2048, kernel = 1, bias = false) Layer layer4_2_conv3;
    @BatchNorm Layer layer4_2_bn3;
    @Add(from = {"layer4_2_bn3", "layer4_1_out"}, activation = Activation.RELU) Layer layer4_2_out;
    @GlobalAvgPool2d Layer avgpool;                                                            // (2048)
    @Dense(units = 1000) Layer fc;
}
