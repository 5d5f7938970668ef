package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;

/**
 * An RGB network (3 input channels) on the synthetic coloured shapes that
 * {@link ColourShapesData} draws: which of six (colour, shape) classes an image shows, so the
 * first filters must combine the colour channels.
 */
@Network(channels = 3, height = 32, width = 32, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class ColourShapes {
    @Conv2d(filters = 8, kernel = 3, padding = 1, activation = Activation.RELU) Layer c1;
    @MaxPool2d(size = 2) Layer p1;
    @Conv2d(filters = 16, kernel = 3, padding = 1, activation = Activation.RELU) Layer c2;
    @MaxPool2d(size = 2) Layer p2;
    @Flatten Layer flat;
    @Dense(units = 32, activation = Activation.RELU) Layer fc;
    @Dense(units = 6) Layer out;
}
