package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.AvgPool2d;
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
 * DenseNet-121 (Huang et al.) for 224x224 RGB images and 1,000 classes, as torchvision's {@code densenet121()}: a
 * strided 7x7 stem with batch norm, ReLU and max pooling, four dense blocks of 6, 12, 24 and 16 layers (each layer
 * reads the concatenation of everything before it in its block: batch norm with ReLU, a 1x1 conv to 128 channels, batch
 * norm with ReLU, a 3x3 conv adding 32 channels), transitions between them (batch norm with ReLU, a 1x1 conv halving
 * the channels, 2x2 average pooling), a final batch norm with ReLU, global average pooling and a dense classifier: 120
 * convolutions and 58 concatenations. 7,978,856 trainable parameters and 83,648 non-trainable (the batch norms' running
 * means and variances), as torchvision counts them.
 *
 * <p>Layer names are torchvision's module paths with {@code _} for {@code .}
 * ({@code features_denseblock1_denselayer1_norm1} is {@code features.denseblock1.denselayer1.norm1}); a function inside
 * a module (an add, a concatenation, a product) is named after the module and the function. Written from
 * {@code torchvision.models.densenet121()} by {@code scripts/samples/torchvision_samples.py} (PyTorch 2.13, torchvision
 * 0.28), one Kiln layer per torchvision module or function, each activation fused into the layer before it; the
 * comments give the output shape where a block ends with a new shape.
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class DenseNet121 {
    @Conv2d(filters = 64, kernel = 7, stride = 2, padding = 3, bias = false) Layer features_conv0; // (64, 112, 112)
    @BatchNorm(activation = Activation.RELU) Layer features_norm0;
    @MaxPool2d(size = 3, stride = 2, padding = 1) Layer features_pool0;                            // (64, 56, 56)
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer1_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock1_denselayer1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer1_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock1_denselayer1_conv2;
    @Concat(from = {"features_pool0", "features_denseblock1_denselayer1_conv2"})
    Layer features_denseblock1_denselayer2_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer2_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock1_denselayer2_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer2_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock1_denselayer2_conv2;
    @Concat(from = {"features_pool0", "features_denseblock1_denselayer1_conv2",
            "features_denseblock1_denselayer2_conv2"}) Layer features_denseblock1_denselayer3_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer3_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock1_denselayer3_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer3_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock1_denselayer3_conv2;
    @Concat(from = {"features_pool0", "features_denseblock1_denselayer1_conv2",
            "features_denseblock1_denselayer2_conv2", "features_denseblock1_denselayer3_conv2"})
    Layer features_denseblock1_denselayer4_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer4_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock1_denselayer4_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer4_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock1_denselayer4_conv2;
    @Concat(from = {"features_pool0", "features_denseblock1_denselayer1_conv2",
            "features_denseblock1_denselayer2_conv2", "features_denseblock1_denselayer3_conv2",
            "features_denseblock1_denselayer4_conv2"}) Layer features_denseblock1_denselayer5_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer5_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock1_denselayer5_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer5_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock1_denselayer5_conv2;
    @Concat(from = {"features_pool0", "features_denseblock1_denselayer1_conv2",
            "features_denseblock1_denselayer2_conv2", "features_denseblock1_denselayer3_conv2",
            "features_denseblock1_denselayer4_conv2", "features_denseblock1_denselayer5_conv2"})
    Layer features_denseblock1_denselayer6_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer6_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock1_denselayer6_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer6_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock1_denselayer6_conv2;
    @Concat(from = {"features_pool0", "features_denseblock1_denselayer1_conv2",
            "features_denseblock1_denselayer2_conv2", "features_denseblock1_denselayer3_conv2",
            "features_denseblock1_denselayer4_conv2", "features_denseblock1_denselayer5_conv2",
            "features_denseblock1_denselayer6_conv2"}) Layer features_denseblock1_cat;             // (256, 56, 56)
    @BatchNorm(activation = Activation.RELU) Layer features_transition1_norm;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_transition1_conv;
    @AvgPool2d(size = 2) Layer features_transition1_pool;                                          // (128, 28, 28)
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer1_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer1_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer1_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2"})
    Layer features_denseblock2_denselayer2_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer2_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer2_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer2_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer2_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2"}) Layer features_denseblock2_denselayer3_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer3_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer3_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer3_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer3_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2", "features_denseblock2_denselayer3_conv2"})
    Layer features_denseblock2_denselayer4_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer4_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer4_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer4_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer4_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2", "features_denseblock2_denselayer3_conv2",
            "features_denseblock2_denselayer4_conv2"}) Layer features_denseblock2_denselayer5_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer5_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer5_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer5_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer5_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2", "features_denseblock2_denselayer3_conv2",
            "features_denseblock2_denselayer4_conv2", "features_denseblock2_denselayer5_conv2"})
    Layer features_denseblock2_denselayer6_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer6_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer6_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer6_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer6_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2", "features_denseblock2_denselayer3_conv2",
            "features_denseblock2_denselayer4_conv2", "features_denseblock2_denselayer5_conv2",
            "features_denseblock2_denselayer6_conv2"}) Layer features_denseblock2_denselayer7_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer7_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer7_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer7_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer7_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2", "features_denseblock2_denselayer3_conv2",
            "features_denseblock2_denselayer4_conv2", "features_denseblock2_denselayer5_conv2",
            "features_denseblock2_denselayer6_conv2", "features_denseblock2_denselayer7_conv2"})
    Layer features_denseblock2_denselayer8_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer8_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer8_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer8_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer8_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2", "features_denseblock2_denselayer3_conv2",
            "features_denseblock2_denselayer4_conv2", "features_denseblock2_denselayer5_conv2",
            "features_denseblock2_denselayer6_conv2", "features_denseblock2_denselayer7_conv2",
            "features_denseblock2_denselayer8_conv2"}) Layer features_denseblock2_denselayer9_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer9_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer9_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer9_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer9_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2", "features_denseblock2_denselayer3_conv2",
            "features_denseblock2_denselayer4_conv2", "features_denseblock2_denselayer5_conv2",
            "features_denseblock2_denselayer6_conv2", "features_denseblock2_denselayer7_conv2",
            "features_denseblock2_denselayer8_conv2", "features_denseblock2_denselayer9_conv2"})
    Layer features_denseblock2_denselayer10_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer10_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer10_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer10_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer10_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2", "features_denseblock2_denselayer3_conv2",
            "features_denseblock2_denselayer4_conv2", "features_denseblock2_denselayer5_conv2",
            "features_denseblock2_denselayer6_conv2", "features_denseblock2_denselayer7_conv2",
            "features_denseblock2_denselayer8_conv2", "features_denseblock2_denselayer9_conv2",
            "features_denseblock2_denselayer10_conv2"}) Layer features_denseblock2_denselayer11_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer11_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer11_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer11_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer11_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2", "features_denseblock2_denselayer3_conv2",
            "features_denseblock2_denselayer4_conv2", "features_denseblock2_denselayer5_conv2",
            "features_denseblock2_denselayer6_conv2", "features_denseblock2_denselayer7_conv2",
            "features_denseblock2_denselayer8_conv2", "features_denseblock2_denselayer9_conv2",
            "features_denseblock2_denselayer10_conv2", "features_denseblock2_denselayer11_conv2"})
    Layer features_denseblock2_denselayer12_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer12_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock2_denselayer12_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock2_denselayer12_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock2_denselayer12_conv2;
    @Concat(from = {"features_transition1_pool", "features_denseblock2_denselayer1_conv2",
            "features_denseblock2_denselayer2_conv2", "features_denseblock2_denselayer3_conv2",
            "features_denseblock2_denselayer4_conv2", "features_denseblock2_denselayer5_conv2",
            "features_denseblock2_denselayer6_conv2", "features_denseblock2_denselayer7_conv2",
            "features_denseblock2_denselayer8_conv2", "features_denseblock2_denselayer9_conv2",
            "features_denseblock2_denselayer10_conv2", "features_denseblock2_denselayer11_conv2",
            "features_denseblock2_denselayer12_conv2"}) Layer features_denseblock2_cat;            // (512, 28, 28)
    @BatchNorm(activation = Activation.RELU) Layer features_transition2_norm;
    @Conv2d(filters = 256, kernel = 1, bias = false) Layer features_transition2_conv;
    @AvgPool2d(size = 2) Layer features_transition2_pool;                                          // (256, 14, 14)
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer1_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer1_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer1_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2"})
    Layer features_denseblock3_denselayer2_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer2_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer2_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer2_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer2_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2"}) Layer features_denseblock3_denselayer3_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer3_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer3_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer3_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer3_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2"})
    Layer features_denseblock3_denselayer4_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer4_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer4_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer4_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer4_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2"}) Layer features_denseblock3_denselayer5_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer5_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer5_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer5_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer5_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2"})
    Layer features_denseblock3_denselayer6_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer6_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer6_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer6_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer6_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2"}) Layer features_denseblock3_denselayer7_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer7_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer7_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer7_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer7_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2"})
    Layer features_denseblock3_denselayer8_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer8_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer8_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer8_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer8_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2"}) Layer features_denseblock3_denselayer9_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer9_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer9_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer9_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer9_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2"})
    Layer features_denseblock3_denselayer10_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer10_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer10_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer10_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer10_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2"}) Layer features_denseblock3_denselayer11_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer11_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer11_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer11_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer11_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2"})
    Layer features_denseblock3_denselayer12_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer12_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer12_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer12_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer12_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2"}) Layer features_denseblock3_denselayer13_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer13_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer13_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer13_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer13_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2"})
    Layer features_denseblock3_denselayer14_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer14_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer14_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer14_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer14_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2"}) Layer features_denseblock3_denselayer15_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer15_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer15_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer15_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer15_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2", "features_denseblock3_denselayer15_conv2"})
    Layer features_denseblock3_denselayer16_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer16_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer16_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer16_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer16_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2", "features_denseblock3_denselayer15_conv2",
            "features_denseblock3_denselayer16_conv2"}) Layer features_denseblock3_denselayer17_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer17_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer17_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer17_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer17_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2", "features_denseblock3_denselayer15_conv2",
            "features_denseblock3_denselayer16_conv2", "features_denseblock3_denselayer17_conv2"})
    Layer features_denseblock3_denselayer18_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer18_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer18_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer18_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer18_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2", "features_denseblock3_denselayer15_conv2",
            "features_denseblock3_denselayer16_conv2", "features_denseblock3_denselayer17_conv2",
            "features_denseblock3_denselayer18_conv2"}) Layer features_denseblock3_denselayer19_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer19_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer19_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer19_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer19_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2", "features_denseblock3_denselayer15_conv2",
            "features_denseblock3_denselayer16_conv2", "features_denseblock3_denselayer17_conv2",
            "features_denseblock3_denselayer18_conv2", "features_denseblock3_denselayer19_conv2"})
    Layer features_denseblock3_denselayer20_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer20_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer20_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer20_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer20_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2", "features_denseblock3_denselayer15_conv2",
            "features_denseblock3_denselayer16_conv2", "features_denseblock3_denselayer17_conv2",
            "features_denseblock3_denselayer18_conv2", "features_denseblock3_denselayer19_conv2",
            "features_denseblock3_denselayer20_conv2"}) Layer features_denseblock3_denselayer21_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer21_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer21_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer21_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer21_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2", "features_denseblock3_denselayer15_conv2",
            "features_denseblock3_denselayer16_conv2", "features_denseblock3_denselayer17_conv2",
            "features_denseblock3_denselayer18_conv2", "features_denseblock3_denselayer19_conv2",
            "features_denseblock3_denselayer20_conv2", "features_denseblock3_denselayer21_conv2"})
    Layer features_denseblock3_denselayer22_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer22_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer22_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer22_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer22_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2", "features_denseblock3_denselayer15_conv2",
            "features_denseblock3_denselayer16_conv2", "features_denseblock3_denselayer17_conv2",
            "features_denseblock3_denselayer18_conv2", "features_denseblock3_denselayer19_conv2",
            "features_denseblock3_denselayer20_conv2", "features_denseblock3_denselayer21_conv2",
            "features_denseblock3_denselayer22_conv2"}) Layer features_denseblock3_denselayer23_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer23_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer23_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer23_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer23_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2", "features_denseblock3_denselayer15_conv2",
            "features_denseblock3_denselayer16_conv2", "features_denseblock3_denselayer17_conv2",
            "features_denseblock3_denselayer18_conv2", "features_denseblock3_denselayer19_conv2",
            "features_denseblock3_denselayer20_conv2", "features_denseblock3_denselayer21_conv2",
            "features_denseblock3_denselayer22_conv2", "features_denseblock3_denselayer23_conv2"})
    Layer features_denseblock3_denselayer24_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer24_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock3_denselayer24_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock3_denselayer24_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock3_denselayer24_conv2;
    @Concat(from = {"features_transition2_pool", "features_denseblock3_denselayer1_conv2",
            "features_denseblock3_denselayer2_conv2", "features_denseblock3_denselayer3_conv2",
            "features_denseblock3_denselayer4_conv2", "features_denseblock3_denselayer5_conv2",
            "features_denseblock3_denselayer6_conv2", "features_denseblock3_denselayer7_conv2",
            "features_denseblock3_denselayer8_conv2", "features_denseblock3_denselayer9_conv2",
            "features_denseblock3_denselayer10_conv2", "features_denseblock3_denselayer11_conv2",
            "features_denseblock3_denselayer12_conv2", "features_denseblock3_denselayer13_conv2",
            "features_denseblock3_denselayer14_conv2", "features_denseblock3_denselayer15_conv2",
            "features_denseblock3_denselayer16_conv2", "features_denseblock3_denselayer17_conv2",
            "features_denseblock3_denselayer18_conv2", "features_denseblock3_denselayer19_conv2",
            "features_denseblock3_denselayer20_conv2", "features_denseblock3_denselayer21_conv2",
            "features_denseblock3_denselayer22_conv2", "features_denseblock3_denselayer23_conv2",
            "features_denseblock3_denselayer24_conv2"}) Layer features_denseblock3_cat;            // (1024, 14, 14)
    @BatchNorm(activation = Activation.RELU) Layer features_transition3_norm;
    @Conv2d(filters = 512, kernel = 1, bias = false) Layer features_transition3_conv;
    @AvgPool2d(size = 2) Layer features_transition3_pool;                                          // (512, 7, 7)
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer1_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer1_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer1_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer1_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2"})
    Layer features_denseblock4_denselayer2_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer2_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer2_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer2_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer2_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2"}) Layer features_denseblock4_denselayer3_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer3_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer3_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer3_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer3_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2"})
    Layer features_denseblock4_denselayer4_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer4_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer4_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer4_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer4_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2"}) Layer features_denseblock4_denselayer5_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer5_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer5_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer5_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer5_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2"})
    Layer features_denseblock4_denselayer6_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer6_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer6_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer6_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer6_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2"}) Layer features_denseblock4_denselayer7_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer7_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer7_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer7_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer7_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2", "features_denseblock4_denselayer7_conv2"})
    Layer features_denseblock4_denselayer8_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer8_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer8_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer8_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer8_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2", "features_denseblock4_denselayer7_conv2",
            "features_denseblock4_denselayer8_conv2"}) Layer features_denseblock4_denselayer9_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer9_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer9_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer9_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer9_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2", "features_denseblock4_denselayer7_conv2",
            "features_denseblock4_denselayer8_conv2", "features_denseblock4_denselayer9_conv2"})
    Layer features_denseblock4_denselayer10_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer10_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer10_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer10_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer10_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2", "features_denseblock4_denselayer7_conv2",
            "features_denseblock4_denselayer8_conv2", "features_denseblock4_denselayer9_conv2",
            "features_denseblock4_denselayer10_conv2"}) Layer features_denseblock4_denselayer11_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer11_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer11_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer11_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer11_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2", "features_denseblock4_denselayer7_conv2",
            "features_denseblock4_denselayer8_conv2", "features_denseblock4_denselayer9_conv2",
            "features_denseblock4_denselayer10_conv2", "features_denseblock4_denselayer11_conv2"})
    Layer features_denseblock4_denselayer12_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer12_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer12_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer12_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer12_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2", "features_denseblock4_denselayer7_conv2",
            "features_denseblock4_denselayer8_conv2", "features_denseblock4_denselayer9_conv2",
            "features_denseblock4_denselayer10_conv2", "features_denseblock4_denselayer11_conv2",
            "features_denseblock4_denselayer12_conv2"}) Layer features_denseblock4_denselayer13_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer13_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer13_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer13_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer13_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2", "features_denseblock4_denselayer7_conv2",
            "features_denseblock4_denselayer8_conv2", "features_denseblock4_denselayer9_conv2",
            "features_denseblock4_denselayer10_conv2", "features_denseblock4_denselayer11_conv2",
            "features_denseblock4_denselayer12_conv2", "features_denseblock4_denselayer13_conv2"})
    Layer features_denseblock4_denselayer14_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer14_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer14_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer14_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer14_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2", "features_denseblock4_denselayer7_conv2",
            "features_denseblock4_denselayer8_conv2", "features_denseblock4_denselayer9_conv2",
            "features_denseblock4_denselayer10_conv2", "features_denseblock4_denselayer11_conv2",
            "features_denseblock4_denselayer12_conv2", "features_denseblock4_denselayer13_conv2",
            "features_denseblock4_denselayer14_conv2"}) Layer features_denseblock4_denselayer15_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer15_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer15_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer15_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer15_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2", "features_denseblock4_denselayer7_conv2",
            "features_denseblock4_denselayer8_conv2", "features_denseblock4_denselayer9_conv2",
            "features_denseblock4_denselayer10_conv2", "features_denseblock4_denselayer11_conv2",
            "features_denseblock4_denselayer12_conv2", "features_denseblock4_denselayer13_conv2",
            "features_denseblock4_denselayer14_conv2", "features_denseblock4_denselayer15_conv2"})
    Layer features_denseblock4_denselayer16_cat;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer16_norm1;
    @Conv2d(filters = 128, kernel = 1, bias = false) Layer features_denseblock4_denselayer16_conv1;
    @BatchNorm(activation = Activation.RELU) Layer features_denseblock4_denselayer16_norm2;
    @Conv2d(filters = 32, kernel = 3, padding = 1, bias = false) Layer features_denseblock4_denselayer16_conv2;
    @Concat(from = {"features_transition3_pool", "features_denseblock4_denselayer1_conv2",
            "features_denseblock4_denselayer2_conv2", "features_denseblock4_denselayer3_conv2",
            "features_denseblock4_denselayer4_conv2", "features_denseblock4_denselayer5_conv2",
            "features_denseblock4_denselayer6_conv2", "features_denseblock4_denselayer7_conv2",
            "features_denseblock4_denselayer8_conv2", "features_denseblock4_denselayer9_conv2",
            "features_denseblock4_denselayer10_conv2", "features_denseblock4_denselayer11_conv2",
            "features_denseblock4_denselayer12_conv2", "features_denseblock4_denselayer13_conv2",
            "features_denseblock4_denselayer14_conv2", "features_denseblock4_denselayer15_conv2",
            "features_denseblock4_denselayer16_conv2"}) Layer features_denseblock4_cat;            // (1024, 7, 7)
    @BatchNorm(activation = Activation.RELU) Layer features_norm5;
    @GlobalAvgPool2d Layer pool;                                                                   // (1024)
    @Dense(units = 1000) Layer classifier;
}
