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
import dev.kiln.dsl.Multiply;
import dev.kiln.dsl.Network;

/**
 * A small member of the MobileNet family for Fashion-MNIST: a conv stem, five inverted residual blocks as
 * MobileNet V2 and V3 build them (a 1x1 expansion with ReLU6, a depthwise 3x3 with ReLU6, in three of them
 * squeeze-and-excitation with a hard-sigmoid gate, a linear 1x1 projection; the input added back where the block
 * keeps the shape; every conv followed by batch norm, so none has a bias), a 1x1 head conv with hard swish,
 * global average pooling, dropout and a dense classifier. Strides take it from 28x28 to 14x14 and 7x7.
 */
@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class FashionMobileNet {
    @Conv2d(filters = 16, kernel = 3, padding = 1, bias = false) Layer stem;                    // (16, 28, 28)
    @BatchNorm(activation = Activation.RELU6) Layer stemBn;

    // block 1: 16 -> 64 -> 16 at 28x28, squeeze-and-excitation, residual
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer b1Expand;                             // (64, 28, 28)
    @BatchNorm(activation = Activation.RELU6) Layer b1ExpandBn;
    @Conv2d(filters = 64, kernel = 3, padding = 1, groups = 64, bias = false) Layer b1Depthwise;
    @BatchNorm(activation = Activation.RELU6) Layer b1DepthwiseBn;
    @GlobalAvgPool2d Layer b1Squeeze;                                                            // (64)
    @Dense(units = 16, activation = Activation.RELU) Layer b1Reduce;
    @Dense(units = 64, activation = Activation.HARD_SIGMOID) Layer b1Gate;                      // (64)
    @Multiply(from = {"b1DepthwiseBn", "b1Gate"}) Layer b1Excite;                                // (64, 28, 28)
    @Conv2d(filters = 16, kernel = 1, bias = false) Layer b1Project;                            // (16, 28, 28)
    @BatchNorm Layer b1ProjectBn;
    @Add(from = {"b1ProjectBn", "stemBn"}) Layer b1;

    // block 2: 16 -> 96 -> 24, stride 2 to 14x14, squeeze-and-excitation
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer b2Expand;                             // (96, 28, 28)
    @BatchNorm(activation = Activation.RELU6) Layer b2ExpandBn;
    @Conv2d(filters = 96, kernel = 3, stride = 2, padding = 1, groups = 96, bias = false) Layer b2Depthwise; // (96, 14, 14)
    @BatchNorm(activation = Activation.RELU6) Layer b2DepthwiseBn;
    @GlobalAvgPool2d Layer b2Squeeze;
    @Dense(units = 24, activation = Activation.RELU) Layer b2Reduce;
    @Dense(units = 96, activation = Activation.HARD_SIGMOID) Layer b2Gate;
    @Multiply(from = {"b2DepthwiseBn", "b2Gate"}) Layer b2Excite;
    @Conv2d(filters = 24, kernel = 1, bias = false) Layer b2Project;                            // (24, 14, 14)
    @BatchNorm Layer b2ProjectBn;

    // block 3: 24 -> 96 -> 24 at 14x14, residual
    @Conv2d(filters = 96, kernel = 1, bias = false) Layer b3Expand;
    @BatchNorm(activation = Activation.RELU6) Layer b3ExpandBn;
    @Conv2d(filters = 96, kernel = 3, padding = 1, groups = 96, bias = false) Layer b3Depthwise;
    @BatchNorm(activation = Activation.RELU6) Layer b3DepthwiseBn;
    @Conv2d(filters = 24, kernel = 1, bias = false) Layer b3Project;
    @BatchNorm Layer b3ProjectBn;
    @Add(from = {"b3ProjectBn", "b2ProjectBn"}) Layer b3;                                        // (24, 14, 14)

    // block 4: 24 -> 144 -> 48, stride 2 to 7x7, squeeze-and-excitation
    @Conv2d(filters = 144, kernel = 1, bias = false) Layer b4Expand;                            // (144, 14, 14)
    @BatchNorm(activation = Activation.RELU6) Layer b4ExpandBn;
    @Conv2d(filters = 144, kernel = 3, stride = 2, padding = 1, groups = 144, bias = false) Layer b4Depthwise; // (144, 7, 7)
    @BatchNorm(activation = Activation.RELU6) Layer b4DepthwiseBn;
    @GlobalAvgPool2d Layer b4Squeeze;
    @Dense(units = 36, activation = Activation.RELU) Layer b4Reduce;
    @Dense(units = 144, activation = Activation.HARD_SIGMOID) Layer b4Gate;
    @Multiply(from = {"b4DepthwiseBn", "b4Gate"}) Layer b4Excite;
    @Conv2d(filters = 48, kernel = 1, bias = false) Layer b4Project;                            // (48, 7, 7)
    @BatchNorm Layer b4ProjectBn;

    // block 5: 48 -> 192 -> 48 at 7x7, residual
    @Conv2d(filters = 192, kernel = 1, bias = false) Layer b5Expand;
    @BatchNorm(activation = Activation.RELU6) Layer b5ExpandBn;
    @Conv2d(filters = 192, kernel = 3, padding = 1, groups = 192, bias = false) Layer b5Depthwise;
    @BatchNorm(activation = Activation.RELU6) Layer b5DepthwiseBn;
    @Conv2d(filters = 48, kernel = 1, bias = false) Layer b5Project;
    @BatchNorm Layer b5ProjectBn;
    @Add(from = {"b5ProjectBn", "b4ProjectBn"}) Layer b5;                                        // (48, 7, 7)

    @Conv2d(filters = 128, kernel = 1, bias = false) Layer head;                                // (128, 7, 7)
    @BatchNorm(activation = Activation.HARD_SWISH) Layer headBn;
    @GlobalAvgPool2d Layer pool;                                                                 // (128)
    @Dropout(rate = 0.2) Layer drop;
    @Dense(units = 10) Layer out;                                                                // (10) logits
}
