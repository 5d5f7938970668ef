package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.FillMode;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;
import dev.kiln.dsl.RandomFlip;
import dev.kiln.dsl.RandomRotation;

/**
 * {@link MalariaCnn} with the course's augmentation in front: each training picture is flipped
 * (left-right and up-down, each with probability 1/2) and rotated by up to 20 degrees, its corners
 * filled by reflection; evaluation and prediction see the pictures unchanged. The trainable layers
 * and their names are MalariaCnn's (56,257 parameters), so checkpoints load either way.
 * {@code kiln train AugmentedMalariaCnn --data DIR --epochs 50 --patience 5 --batch 100 --validation 0.1}.
 */
@Network(channels = 3, height = 100, width = 100, loss = Loss.BINARY_CROSS_ENTROPY)
public abstract class AugmentedMalariaCnn {
    @RandomFlip Layer flip;
    @RandomRotation(degrees = 20, fill = FillMode.REFLECT) Layer rotate;
    @Conv2d(filters = 32, kernel = 3, same = true, activation = Activation.RELU) Layer conv1;
    @MaxPool2d(size = 2) Layer pool1;
    @Conv2d(filters = 64, kernel = 3, activation = Activation.RELU) Layer conv2;
    @MaxPool2d(size = 2) Layer pool2;
    @Flatten Layer flat;
    @Dropout(rate = 0.5) Layer drop;
    @Dense(units = 1, activation = Activation.SIGMOID) Layer out;
}
