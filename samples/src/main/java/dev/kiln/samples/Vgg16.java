package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;

/**
 * VGG-16 (Simonyan and Zisserman, configuration D) for 224x224 RGB images and 1,000 classes: 13
 * 3x3 convs in five blocks, each block ending in 2x2 max pooling, then three dense layers with
 * dropout. 138,357,544 parameters, as torchvision's {@code vgg16}. A spec to show the DSL at this
 * scale (its summary is a golden test); Kiln does not train it here.
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class Vgg16 {
    @Conv2d(filters = 64, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv1_1;
    @Conv2d(filters = 64, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv1_2;
    @MaxPool2d(size = 2) Layer pool1;
    @Conv2d(filters = 128, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv2_1;
    @Conv2d(filters = 128, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv2_2;
    @MaxPool2d(size = 2) Layer pool2;
    @Conv2d(filters = 256, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv3_1;
    @Conv2d(filters = 256, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv3_2;
    @Conv2d(filters = 256, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv3_3;
    @MaxPool2d(size = 2) Layer pool3;
    @Conv2d(filters = 512, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv4_1;
    @Conv2d(filters = 512, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv4_2;
    @Conv2d(filters = 512, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv4_3;
    @MaxPool2d(size = 2) Layer pool4;
    @Conv2d(filters = 512, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv5_1;
    @Conv2d(filters = 512, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv5_2;
    @Conv2d(filters = 512, kernel = 3, padding = 1, activation = Activation.RELU) Layer conv5_3;
    @MaxPool2d(size = 2) Layer pool5;
    @Flatten Layer flat;
    @Dense(units = 4096, activation = Activation.RELU) Layer fc6;
    @Dropout(rate = 0.5) Layer drop6;
    @Dense(units = 4096, activation = Activation.RELU) Layer fc7;
    @Dropout(rate = 0.5) Layer drop7;
    @Dense(units = 1000) Layer fc8;
}
