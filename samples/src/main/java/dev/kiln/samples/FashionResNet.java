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
 * A small ResNet for Fashion-MNIST (scripts/fixtures/FASHIONRESNET.md): a conv stem with batch
 * norm, an identity residual block at 14x14 (the skip is added before the last ReLU), a strided
 * block to 7x7 whose shortcut is a 1x1 projection with batch norm, global average pooling and a
 * dense head. Every conv feeds a batch norm, so none has a bias.
 */
@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class FashionResNet {
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer stem;                   // (32, 28, 28)
    @BatchNorm(activation = Activation.RELU) Layer stemBn;
    @MaxPool2d(size = 2) Layer pool;                                                             // (32, 14, 14)

    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer s1c1;                   // (32, 14, 14)
    @BatchNorm(activation = Activation.RELU) Layer s1n1;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer s1c2;
    @BatchNorm Layer s1n2;
    @Add(from = {"s1n2", "pool"}, activation = Activation.RELU) Layer s1;                       // (32, 14, 14)

    @Conv2d(filters = 64, kernel = 3, stride = 2, padding = 1, bias = false) Layer s2c1;       // (64, 7, 7)
    @BatchNorm(activation = Activation.RELU) Layer s2n1;
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer s2c2;
    @BatchNorm Layer s2n2;
    @Conv2d(from = "s1", filters = 64, kernel = 1, stride = 2, bias = false) Layer s2proj;     // (64, 7, 7)
    @BatchNorm Layer s2projBn;
    @Add(from = {"s2n2", "s2projBn"}, activation = Activation.RELU) Layer s2;                   // (64, 7, 7)

    @GlobalAvgPool2d Layer gap;                                                                  // (64)
    @Dense(units = 10) Layer out;                                                                // (10) logits
}
