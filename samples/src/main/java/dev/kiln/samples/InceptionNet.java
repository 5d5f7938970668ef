package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Concat;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.GlobalAvgPool2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;

/**
 * An Inception-style network for Fashion-MNIST (Szegedy et al.'s GoogLeNet block, scaled down): after
 * a conv stem, one block runs 1x1, 3x3 and 5x5 convs (the larger ones behind 1x1 reductions) and a
 * pooled 1x1 projection side by side on the same input and joins them along channels with
 * {@code @Concat}; global average pooling and a dense layer classify.
 */
@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class InceptionNet {
    @Conv2d(filters = 16, kernel = 3, padding = 1, bias = false) Layer stem;                   // (16, 28, 28)
    @BatchNorm(activation = Activation.RELU) Layer stemBn;
    @MaxPool2d(size = 2) Layer pool;                                                             // (16, 14, 14)

    // an Inception block: parallel 1x1, 3x3 and 5x5 convs and a pooled 1x1, joined along channels
    @Conv2d(filters = 8, kernel = 1, activation = Activation.RELU) Layer b1x1;                 // (8, 14, 14)
    @Conv2d(from = "pool", filters = 8, kernel = 1, activation = Activation.RELU) Layer b3x3reduce;
    @Conv2d(filters = 12, kernel = 3, padding = 1, activation = Activation.RELU) Layer b3x3;   // (12, 14, 14)
    @Conv2d(from = "pool", filters = 4, kernel = 1, activation = Activation.RELU) Layer b5x5reduce;
    @Conv2d(filters = 6, kernel = 5, padding = 2, activation = Activation.RELU) Layer b5x5;    // (6, 14, 14)
    @MaxPool2d(from = "pool", size = 3, stride = 1, padding = 1) Layer bpool;                   // (16, 14, 14)
    @Conv2d(filters = 6, kernel = 1, activation = Activation.RELU) Layer bpoolProj;            // (6, 14, 14)
    @Concat(from = {"b1x1", "b3x3", "b5x5", "bpoolProj"}) Layer mixed;                          // (32, 14, 14)

    @MaxPool2d(size = 2) Layer pool2;                                                            // (32, 7, 7)
    @GlobalAvgPool2d Layer gap;                                                                  // (32)
    @Dense(units = 10) Layer out;                                                                // (10) logits
}
