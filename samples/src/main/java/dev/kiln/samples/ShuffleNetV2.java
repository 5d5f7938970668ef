package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.ChannelShuffle;
import dev.kiln.dsl.Concat;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.GlobalAvgPool2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;
import dev.kiln.dsl.Slice;

/**
 * ShuffleNet V2 x1.0 (Ma et al.) for 224x224 RGB images and 1,000 classes, as torchvision's
 * {@code shufflenet_v2_x1_0()}: a strided 3x3 stem and max pooling, three stages of 4, 8 and 4 units (a unit that keeps
 * the shape splits the channels in two, passes the first half and sends the second through a 1x1 conv, a depthwise 3x3
 * and a 1x1 conv; a strided unit sends the whole input through two such branches; the halves are concatenated and
 * shuffled in two groups), a 1x1 conv to 1,024 channels, global average pooling and a dense classifier. 2,278,604
 * trainable parameters and 16,180 non-trainable (the batch norms' running means and variances), as torchvision counts
 * them.
 *
 * <p>Layer names are torchvision's module paths with {@code _} for {@code .} ({@code stage2_0_branch1_0} is
 * {@code stage2.0.branch1.0}); a function inside a module (an add, a concatenation, a product) is named after the
 * module and the function. Written from {@code torchvision.models.shufflenet_v2_x1_0()} by
 * {@code scripts/samples/torchvision_samples.py} (PyTorch 2.13, torchvision 0.28), one Kiln layer per torchvision
 * module or function, each activation fused into the layer before it; the comments give the output shape where a block
 * ends with a new shape.
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class ShuffleNetV2 {
    @Conv2d(filters = 24, kernel = 3, stride = 2, padding = 1, bias = false) Layer conv1_0;
    @BatchNorm(activation = Activation.RELU) Layer conv1_1;                                    // (24, 112, 112)
    @MaxPool2d(size = 3, stride = 2, padding = 1) Layer maxpool;                               // (24, 56, 56)
    @Conv2d(filters = 24, kernel = 3, stride = 2, padding = 1, groups = 24, bias = false) Layer stage2_0_branch1_0;
    @BatchNorm Layer stage2_0_branch1_1;
    @Conv2d(filters = 58, kernel = 1, bias = false) Layer stage2_0_branch1_2;
    @BatchNorm(activation = Activation.RELU) Layer stage2_0_branch1_3;
    @Conv2d(from = "maxpool", filters = 58, kernel = 1, bias = false) Layer stage2_0_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage2_0_branch2_1;
    @Conv2d(filters = 58, kernel = 3, stride = 2, padding = 1, groups = 58, bias = false) Layer stage2_0_branch2_3;
    @BatchNorm Layer stage2_0_branch2_4;
    @Conv2d(filters = 58, kernel = 1, bias = false) Layer stage2_0_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage2_0_branch2_6;
    @Concat(from = {"stage2_0_branch1_3", "stage2_0_branch2_6"}) Layer stage2_0_cat;
    @ChannelShuffle(groups = 2) Layer stage2_0_shuffle;                                        // (116, 28, 28)
    @Slice(channels = {0, 58}) Layer stage2_1_split0;
    @Slice(from = "stage2_0_shuffle", channels = {58, 116}) Layer stage2_1_split1;
    @Conv2d(filters = 58, kernel = 1, bias = false) Layer stage2_1_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage2_1_branch2_1;
    @Conv2d(filters = 58, kernel = 3, padding = 1, groups = 58, bias = false) Layer stage2_1_branch2_3;
    @BatchNorm Layer stage2_1_branch2_4;
    @Conv2d(filters = 58, kernel = 1, bias = false) Layer stage2_1_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage2_1_branch2_6;
    @Concat(from = {"stage2_1_split0", "stage2_1_branch2_6"}) Layer stage2_1_cat;
    @ChannelShuffle(groups = 2) Layer stage2_1_shuffle;
    @Slice(channels = {0, 58}) Layer stage2_2_split0;
    @Slice(from = "stage2_1_shuffle", channels = {58, 116}) Layer stage2_2_split1;
    @Conv2d(filters = 58, kernel = 1, bias = false) Layer stage2_2_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage2_2_branch2_1;
    @Conv2d(filters = 58, kernel = 3, padding = 1, groups = 58, bias = false) Layer stage2_2_branch2_3;
    @BatchNorm Layer stage2_2_branch2_4;
    @Conv2d(filters = 58, kernel = 1, bias = false) Layer stage2_2_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage2_2_branch2_6;
    @Concat(from = {"stage2_2_split0", "stage2_2_branch2_6"}) Layer stage2_2_cat;
    @ChannelShuffle(groups = 2) Layer stage2_2_shuffle;
    @Slice(channels = {0, 58}) Layer stage2_3_split0;
    @Slice(from = "stage2_2_shuffle", channels = {58, 116}) Layer stage2_3_split1;
    @Conv2d(filters = 58, kernel = 1, bias = false) Layer stage2_3_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage2_3_branch2_1;
    @Conv2d(filters = 58, kernel = 3, padding = 1, groups = 58, bias = false) Layer stage2_3_branch2_3;
    @BatchNorm Layer stage2_3_branch2_4;
    @Conv2d(filters = 58, kernel = 1, bias = false) Layer stage2_3_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage2_3_branch2_6;
    @Concat(from = {"stage2_3_split0", "stage2_3_branch2_6"}) Layer stage2_3_cat;
    @ChannelShuffle(groups = 2) Layer stage2_3_shuffle;
    @Conv2d(filters = 116, kernel = 3, stride = 2, padding = 1, groups = 116, bias = false) Layer stage3_0_branch1_0;
    @BatchNorm Layer stage3_0_branch1_1;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_0_branch1_2;
    @BatchNorm(activation = Activation.RELU) Layer stage3_0_branch1_3;
    @Conv2d(from = "stage2_3_shuffle", filters = 116, kernel = 1, bias = false) Layer stage3_0_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage3_0_branch2_1;
    @Conv2d(filters = 116, kernel = 3, stride = 2, padding = 1, groups = 116, bias = false) Layer stage3_0_branch2_3;
    @BatchNorm Layer stage3_0_branch2_4;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_0_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage3_0_branch2_6;
    @Concat(from = {"stage3_0_branch1_3", "stage3_0_branch2_6"}) Layer stage3_0_cat;
    @ChannelShuffle(groups = 2) Layer stage3_0_shuffle;                                        // (232, 14, 14)
    @Slice(channels = {0, 116}) Layer stage3_1_split0;
    @Slice(from = "stage3_0_shuffle", channels = {116, 232}) Layer stage3_1_split1;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_1_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage3_1_branch2_1;
    @Conv2d(filters = 116, kernel = 3, padding = 1, groups = 116, bias = false) Layer stage3_1_branch2_3;
    @BatchNorm Layer stage3_1_branch2_4;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_1_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage3_1_branch2_6;
    @Concat(from = {"stage3_1_split0", "stage3_1_branch2_6"}) Layer stage3_1_cat;
    @ChannelShuffle(groups = 2) Layer stage3_1_shuffle;
    @Slice(channels = {0, 116}) Layer stage3_2_split0;
    @Slice(from = "stage3_1_shuffle", channels = {116, 232}) Layer stage3_2_split1;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_2_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage3_2_branch2_1;
    @Conv2d(filters = 116, kernel = 3, padding = 1, groups = 116, bias = false) Layer stage3_2_branch2_3;
    @BatchNorm Layer stage3_2_branch2_4;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_2_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage3_2_branch2_6;
    @Concat(from = {"stage3_2_split0", "stage3_2_branch2_6"}) Layer stage3_2_cat;
    @ChannelShuffle(groups = 2) Layer stage3_2_shuffle;
    @Slice(channels = {0, 116}) Layer stage3_3_split0;
    @Slice(from = "stage3_2_shuffle", channels = {116, 232}) Layer stage3_3_split1;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_3_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage3_3_branch2_1;
    @Conv2d(filters = 116, kernel = 3, padding = 1, groups = 116, bias = false) Layer stage3_3_branch2_3;
    @BatchNorm Layer stage3_3_branch2_4;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_3_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage3_3_branch2_6;
    @Concat(from = {"stage3_3_split0", "stage3_3_branch2_6"}) Layer stage3_3_cat;
    @ChannelShuffle(groups = 2) Layer stage3_3_shuffle;
    @Slice(channels = {0, 116}) Layer stage3_4_split0;
    @Slice(from = "stage3_3_shuffle", channels = {116, 232}) Layer stage3_4_split1;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_4_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage3_4_branch2_1;
    @Conv2d(filters = 116, kernel = 3, padding = 1, groups = 116, bias = false) Layer stage3_4_branch2_3;
    @BatchNorm Layer stage3_4_branch2_4;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_4_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage3_4_branch2_6;
    @Concat(from = {"stage3_4_split0", "stage3_4_branch2_6"}) Layer stage3_4_cat;
    @ChannelShuffle(groups = 2) Layer stage3_4_shuffle;
    @Slice(channels = {0, 116}) Layer stage3_5_split0;
    @Slice(from = "stage3_4_shuffle", channels = {116, 232}) Layer stage3_5_split1;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_5_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage3_5_branch2_1;
    @Conv2d(filters = 116, kernel = 3, padding = 1, groups = 116, bias = false) Layer stage3_5_branch2_3;
    @BatchNorm Layer stage3_5_branch2_4;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_5_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage3_5_branch2_6;
    @Concat(from = {"stage3_5_split0", "stage3_5_branch2_6"}) Layer stage3_5_cat;
    @ChannelShuffle(groups = 2) Layer stage3_5_shuffle;
    @Slice(channels = {0, 116}) Layer stage3_6_split0;
    @Slice(from = "stage3_5_shuffle", channels = {116, 232}) Layer stage3_6_split1;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_6_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage3_6_branch2_1;
    @Conv2d(filters = 116, kernel = 3, padding = 1, groups = 116, bias = false) Layer stage3_6_branch2_3;
    @BatchNorm Layer stage3_6_branch2_4;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_6_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage3_6_branch2_6;
    @Concat(from = {"stage3_6_split0", "stage3_6_branch2_6"}) Layer stage3_6_cat;
    @ChannelShuffle(groups = 2) Layer stage3_6_shuffle;
    @Slice(channels = {0, 116}) Layer stage3_7_split0;
    @Slice(from = "stage3_6_shuffle", channels = {116, 232}) Layer stage3_7_split1;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_7_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage3_7_branch2_1;
    @Conv2d(filters = 116, kernel = 3, padding = 1, groups = 116, bias = false) Layer stage3_7_branch2_3;
    @BatchNorm Layer stage3_7_branch2_4;
    @Conv2d(filters = 116, kernel = 1, bias = false) Layer stage3_7_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage3_7_branch2_6;
    @Concat(from = {"stage3_7_split0", "stage3_7_branch2_6"}) Layer stage3_7_cat;
    @ChannelShuffle(groups = 2) Layer stage3_7_shuffle;
    @Conv2d(filters = 232, kernel = 3, stride = 2, padding = 1, groups = 232, bias = false) Layer stage4_0_branch1_0;
    @BatchNorm Layer stage4_0_branch1_1;
    @Conv2d(filters = 232, kernel = 1, bias = false) Layer stage4_0_branch1_2;
    @BatchNorm(activation = Activation.RELU) Layer stage4_0_branch1_3;
    @Conv2d(from = "stage3_7_shuffle", filters = 232, kernel = 1, bias = false) Layer stage4_0_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage4_0_branch2_1;
    @Conv2d(filters = 232, kernel = 3, stride = 2, padding = 1, groups = 232, bias = false) Layer stage4_0_branch2_3;
    @BatchNorm Layer stage4_0_branch2_4;
    @Conv2d(filters = 232, kernel = 1, bias = false) Layer stage4_0_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage4_0_branch2_6;
    @Concat(from = {"stage4_0_branch1_3", "stage4_0_branch2_6"}) Layer stage4_0_cat;
    @ChannelShuffle(groups = 2) Layer stage4_0_shuffle;                                        // (464, 7, 7)
    @Slice(channels = {0, 232}) Layer stage4_1_split0;
    @Slice(from = "stage4_0_shuffle", channels = {232, 464}) Layer stage4_1_split1;
    @Conv2d(filters = 232, kernel = 1, bias = false) Layer stage4_1_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage4_1_branch2_1;
    @Conv2d(filters = 232, kernel = 3, padding = 1, groups = 232, bias = false) Layer stage4_1_branch2_3;
    @BatchNorm Layer stage4_1_branch2_4;
    @Conv2d(filters = 232, kernel = 1, bias = false) Layer stage4_1_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage4_1_branch2_6;
    @Concat(from = {"stage4_1_split0", "stage4_1_branch2_6"}) Layer stage4_1_cat;
    @ChannelShuffle(groups = 2) Layer stage4_1_shuffle;
    @Slice(channels = {0, 232}) Layer stage4_2_split0;
    @Slice(from = "stage4_1_shuffle", channels = {232, 464}) Layer stage4_2_split1;
    @Conv2d(filters = 232, kernel = 1, bias = false) Layer stage4_2_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage4_2_branch2_1;
    @Conv2d(filters = 232, kernel = 3, padding = 1, groups = 232, bias = false) Layer stage4_2_branch2_3;
    @BatchNorm Layer stage4_2_branch2_4;
    @Conv2d(filters = 232, kernel = 1, bias = false) Layer stage4_2_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage4_2_branch2_6;
    @Concat(from = {"stage4_2_split0", "stage4_2_branch2_6"}) Layer stage4_2_cat;
    @ChannelShuffle(groups = 2) Layer stage4_2_shuffle;
    @Slice(channels = {0, 232}) Layer stage4_3_split0;
    @Slice(from = "stage4_2_shuffle", channels = {232, 464}) Layer stage4_3_split1;
    @Conv2d(filters = 232, kernel = 1, bias = false) Layer stage4_3_branch2_0;
    @BatchNorm(activation = Activation.RELU) Layer stage4_3_branch2_1;
    @Conv2d(filters = 232, kernel = 3, padding = 1, groups = 232, bias = false) Layer stage4_3_branch2_3;
    @BatchNorm Layer stage4_3_branch2_4;
    @Conv2d(filters = 232, kernel = 1, bias = false) Layer stage4_3_branch2_5;
    @BatchNorm(activation = Activation.RELU) Layer stage4_3_branch2_6;
    @Concat(from = {"stage4_3_split0", "stage4_3_branch2_6"}) Layer stage4_3_cat;
    @ChannelShuffle(groups = 2) Layer stage4_3_shuffle;
    @Conv2d(filters = 1024, kernel = 1, bias = false) Layer conv5_0;
    @BatchNorm(activation = Activation.RELU) Layer conv5_1;                                    // (1024, 7, 7)
    @GlobalAvgPool2d Layer pool;                                                               // (1024)
    @Dense(units = 1000) Layer fc;
}
