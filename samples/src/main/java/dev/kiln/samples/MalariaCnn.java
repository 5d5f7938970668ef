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
 * The course's malaria classifier, exactly: cell photos resized to 100x100 RGB, parasitised or
 * uninfected, one sigmoid unit and binary cross-entropy; 56,257 parameters. Train it on an image
 * folder with {@code Parasitized/} and {@code Uninfected/} (NIH's {@code cell_images}, or the
 * synthetic stand-in {@code kiln make-cells DIR} draws):
 * {@code kiln train MalariaCnn --data DIR --epochs 50 --patience 5 --batch 100 --validation 0.1}.
 */
@Network(channels = 3, height = 100, width = 100, loss = Loss.BINARY_CROSS_ENTROPY)
public abstract class MalariaCnn {
    @Conv2d(filters = 32, kernel = 3, same = true, activation = Activation.RELU) Layer conv1;
    @MaxPool2d(size = 2) Layer pool1;
    @Conv2d(filters = 64, kernel = 3, activation = Activation.RELU) Layer conv2;
    @MaxPool2d(size = 2) Layer pool2;
    @Flatten Layer flat;
    @Dropout(rate = 0.5) Layer drop;
    @Dense(units = 1, activation = Activation.SIGMOID) Layer out;
}
