package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Concat;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.GlobalAvgPool2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;

/**
 * GoogLeNet (Szegedy et al.) for 224x224 RGB images and 1,000 classes, as torchvision's
 * {@code googlenet(aux_logits=False)} (without the auxiliary heads, which only training uses): convs with batch norm
 * (eps 0.001) and ReLU, ceil-mode max pooling, nine inception modules (1x1; 1x1 then 3x3; 1x1 then 3x3, torchvision's
 * choice where the paper has 5x5; 3x3 max pooling then 1x1; concatenated), global average pooling, dropout 0.2 and a
 * dense classifier. 6,624,904 trainable parameters and 14,560 non-trainable (the batch norms' running means and
 * variances), as torchvision counts them.
 *
 * <p>Layer names are torchvision's module paths with {@code _} for {@code .} ({@code inception3a_branch2_0_conv} is
 * {@code inception3a.branch2.0.conv}); a function inside a module (an add, a concatenation, a product) is named after
 * the module and the function. Written from {@code torchvision.models.googlenet(aux_logits=False)} by
 * {@code scripts/samples/torchvision_samples.py} (PyTorch 2.13, torchvision 0.28), one Kiln layer per torchvision
 * module or function, each activation fused into the layer before it; the comments give the output shape where a block
 * ends with a new shape.
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class GoogLeNet {
    @Conv2d(filters = 64, kernel = 7, stride = 2, padding = 3, bias = false) Layer conv1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer conv1_bn;                      // (64, 112, 112)
    @MaxPool2d(size = 3, stride = 2, ceilMode = true) Layer maxpool1;                          // (64, 56, 56)
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer conv2_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer conv2_bn;
    @Conv2d(filters = 192, kernel = 3, padding = 1, bias = false) Layer conv3_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer conv3_bn;                      // (192, 56, 56)
    @MaxPool2d(size = 3, stride = 2, ceilMode = true) Layer maxpool2;                          // (192, 28, 28)
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer inception3a_branch1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3a_branch1_bn;
    @Conv2d(from = "maxpool2", filters = 96, kernel = 1, bias = false) Layer inception3a_branch2_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3a_branch2_0_bn;
    @Conv2d(filters = 128, kernel = 3, padding = 1, bias = false) Layer inception3a_branch2_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3a_branch2_1_bn;
    @Conv2d(from = "maxpool2", filters = 16, kernel = 1, bias = false) Layer inception3a_branch3_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3a_branch3_0_bn;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer inception3a_branch3_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3a_branch3_1_bn;
    @MaxPool2d(from = "maxpool2", size = 3, stride = 1, padding = 1, ceilMode = true) Layer inception3a_branch4_0;
    @Conv2d(filters = 32, kernel = 1, bias = false) Layer inception3a_branch4_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3a_branch4_1_bn;
    @Concat(from = {"inception3a_branch1_bn", "inception3a_branch2_1_bn", "inception3a_branch3_1_bn",
            "inception3a_branch4_1_bn"}) Layer inception3a_cat;                                // (256, 28, 28)
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer inception3b_branch1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3b_branch1_bn;
    @Conv2d(from = "inception3a_cat", filters = 128, kernel = 1, bias = false) Layer inception3b_branch2_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3b_branch2_0_bn;
    @Conv2d(filters = 192, kernel = 3, padding = 1, bias = false) Layer inception3b_branch2_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3b_branch2_1_bn;
    @Conv2d(from = "inception3a_cat", filters = 32, kernel = 1, bias = false) Layer inception3b_branch3_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3b_branch3_0_bn;
    @Conv2d(filters = 96, kernel = 3, padding = 1, bias = false) Layer inception3b_branch3_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3b_branch3_1_bn;
    @MaxPool2d(from = "inception3a_cat", size = 3, stride = 1, padding = 1, ceilMode = true)
    Layer inception3b_branch4_0;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer inception3b_branch4_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception3b_branch4_1_bn;
    @Concat(from = {"inception3b_branch1_bn", "inception3b_branch2_1_bn", "inception3b_branch3_1_bn",
            "inception3b_branch4_1_bn"}) Layer inception3b_cat;                                // (480, 28, 28)
    @MaxPool2d(size = 3, stride = 2, ceilMode = true) Layer maxpool3;                          // (480, 14, 14)
    @Conv2d(filters = 192, kernel = 1, bias = false) Layer inception4a_branch1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4a_branch1_bn;
    @Conv2d(from = "maxpool3", filters = 96, kernel = 1, bias = false) Layer inception4a_branch2_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4a_branch2_0_bn;
    @Conv2d(filters = 208, kernel = 3, padding = 1, bias = false) Layer inception4a_branch2_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4a_branch2_1_bn;
    @Conv2d(from = "maxpool3", filters = 16, kernel = 1, bias = false) Layer inception4a_branch3_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4a_branch3_0_bn;
    @Conv2d(filters = 48, kernel = 3, padding = 1, bias = false) Layer inception4a_branch3_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4a_branch3_1_bn;
    @MaxPool2d(from = "maxpool3", size = 3, stride = 1, padding = 1, ceilMode = true) Layer inception4a_branch4_0;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer inception4a_branch4_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4a_branch4_1_bn;
    @Concat(from = {"inception4a_branch1_bn", "inception4a_branch2_1_bn", "inception4a_branch3_1_bn",
            "inception4a_branch4_1_bn"}) Layer inception4a_cat;                                // (512, 14, 14)
    @Conv2d(filters = 160, kernel = 1, bias = false) Layer inception4b_branch1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4b_branch1_bn;
    @Conv2d(from = "inception4a_cat", filters = 112, kernel = 1, bias = false) Layer inception4b_branch2_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4b_branch2_0_bn;
    @Conv2d(filters = 224, kernel = 3, padding = 1, bias = false) Layer inception4b_branch2_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4b_branch2_1_bn;
    @Conv2d(from = "inception4a_cat", filters = 24, kernel = 1, bias = false) Layer inception4b_branch3_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4b_branch3_0_bn;
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer inception4b_branch3_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4b_branch3_1_bn;
    @MaxPool2d(from = "inception4a_cat", size = 3, stride = 1, padding = 1, ceilMode = true)
    Layer inception4b_branch4_0;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer inception4b_branch4_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4b_branch4_1_bn;
    @Concat(from = {"inception4b_branch1_bn", "inception4b_branch2_1_bn", "inception4b_branch3_1_bn",
            "inception4b_branch4_1_bn"}) Layer inception4b_cat;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer inception4c_branch1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4c_branch1_bn;
    @Conv2d(from = "inception4b_cat", filters = 128, kernel = 1, bias = false) Layer inception4c_branch2_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4c_branch2_0_bn;
    @Conv2d(filters = 256, kernel = 3, padding = 1, bias = false) Layer inception4c_branch2_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4c_branch2_1_bn;
    @Conv2d(from = "inception4b_cat", filters = 24, kernel = 1, bias = false) Layer inception4c_branch3_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4c_branch3_0_bn;
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer inception4c_branch3_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4c_branch3_1_bn;
    @MaxPool2d(from = "inception4b_cat", size = 3, stride = 1, padding = 1, ceilMode = true)
    Layer inception4c_branch4_0;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer inception4c_branch4_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4c_branch4_1_bn;
    @Concat(from = {"inception4c_branch1_bn", "inception4c_branch2_1_bn", "inception4c_branch3_1_bn",
            "inception4c_branch4_1_bn"}) Layer inception4c_cat;
    @Conv2d(filters = 112, kernel = 1, bias = false) Layer inception4d_branch1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4d_branch1_bn;
    @Conv2d(from = "inception4c_cat", filters = 144, kernel = 1, bias = false) Layer inception4d_branch2_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4d_branch2_0_bn;
    @Conv2d(filters = 288, kernel = 3, padding = 1, bias = false) Layer inception4d_branch2_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4d_branch2_1_bn;
    @Conv2d(from = "inception4c_cat", filters = 32, kernel = 1, bias = false) Layer inception4d_branch3_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4d_branch3_0_bn;
    @Conv2d(filters = 64, kernel = 3, padding = 1, bias = false) Layer inception4d_branch3_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4d_branch3_1_bn;
    @MaxPool2d(from = "inception4c_cat", size = 3, stride = 1, padding = 1, ceilMode = true)
    Layer inception4d_branch4_0;
    @Conv2d(filters = 64, kernel = 1, bias = false) Layer inception4d_branch4_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4d_branch4_1_bn;
    @Concat(from = {"inception4d_branch1_bn", "inception4d_branch2_1_bn", "inception4d_branch3_1_bn",
            "inception4d_branch4_1_bn"}) Layer inception4d_cat;                                // (528, 14, 14)
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer inception4e_branch1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4e_branch1_bn;
    @Conv2d(from = "inception4d_cat", filters = 160, kernel = 1, bias = false) Layer inception4e_branch2_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4e_branch2_0_bn;
    @Conv2d(filters = 320, kernel = 3, padding = 1, bias = false) Layer inception4e_branch2_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4e_branch2_1_bn;
    @Conv2d(from = "inception4d_cat", filters = 32, kernel = 1, bias = false) Layer inception4e_branch3_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4e_branch3_0_bn;
    @Conv2d(filters = 128, kernel = 3, padding = 1, bias = false) Layer inception4e_branch3_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4e_branch3_1_bn;
    @MaxPool2d(from = "inception4d_cat", size = 3, stride = 1, padding = 1, ceilMode = true)
    Layer inception4e_branch4_0;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer inception4e_branch4_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception4e_branch4_1_bn;
    @Concat(from = {"inception4e_branch1_bn", "inception4e_branch2_1_bn", "inception4e_branch3_1_bn",
            "inception4e_branch4_1_bn"}) Layer inception4e_cat;                                // (832, 14, 14)
    @MaxPool2d(size = 2, ceilMode = true) Layer maxpool4;                                      // (832, 7, 7)
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer inception5a_branch1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5a_branch1_bn;
    @Conv2d(from = "maxpool4", filters = 160, kernel = 1, bias = false) Layer inception5a_branch2_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5a_branch2_0_bn;
    @Conv2d(filters = 320, kernel = 3, padding = 1, bias = false) Layer inception5a_branch2_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5a_branch2_1_bn;
    @Conv2d(from = "maxpool4", filters = 32, kernel = 1, bias = false) Layer inception5a_branch3_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5a_branch3_0_bn;
    @Conv2d(filters = 128, kernel = 3, padding = 1, bias = false) Layer inception5a_branch3_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5a_branch3_1_bn;
    @MaxPool2d(from = "maxpool4", size = 3, stride = 1, padding = 1, ceilMode = true) Layer inception5a_branch4_0;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer inception5a_branch4_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5a_branch4_1_bn;
    @Concat(from = {"inception5a_branch1_bn", "inception5a_branch2_1_bn", "inception5a_branch3_1_bn",
            "inception5a_branch4_1_bn"}) Layer inception5a_cat;
    @Conv2d(filters = 384, kernel = 1, bias = false) Layer inception5b_branch1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5b_branch1_bn;
    @Conv2d(from = "inception5a_cat", filters = 192, kernel = 1, bias = false) Layer inception5b_branch2_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5b_branch2_0_bn;
    @Conv2d(filters = 384, kernel = 3, padding = 1, bias = false) Layer inception5b_branch2_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5b_branch2_1_bn;
    @Conv2d(from = "inception5a_cat", filters = 48, kernel = 1, bias = false) Layer inception5b_branch3_0_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5b_branch3_0_bn;
    @Conv2d(filters = 128, kernel = 3, padding = 1, bias = false) Layer inception5b_branch3_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5b_branch3_1_bn;
    @MaxPool2d(from = "inception5a_cat", size = 3, stride = 1, padding = 1, ceilMode = true)
    Layer inception5b_branch4_0;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer inception5b_branch4_1_conv;
    @BatchNorm(eps = 0.001, activation = Activation.RELU) Layer inception5b_branch4_1_bn;
    @Concat(from = {"inception5b_branch1_bn", "inception5b_branch2_1_bn", "inception5b_branch3_1_bn",
            "inception5b_branch4_1_bn"}) Layer inception5b_cat;                                // (1024, 7, 7)
    @GlobalAvgPool2d Layer avgpool;                                                            // (1024)
    @Dropout(rate = 0.2) Layer dropout;
    @Dense(units = 1000) Layer fc;
}
