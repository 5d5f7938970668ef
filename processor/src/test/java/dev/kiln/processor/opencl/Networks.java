package dev.kiln.processor.opencl;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;

/** The named networks of the parity suite, as NetworkSpecs (the same layers as the samples). */
final class Networks {
    private Networks() {
    }

    static Window square(int k, int stride, int pad) {
        return Window.symmetric(k, k, stride, stride, pad, pad, 1, 1);
    }

    /** LeNet-5 as samples/LeNet5 declares it: 61,706 parameters. */
    static NetworkSpec leNet5() {
        return NetworkSpec.builder("dev.kiln.samples.LeNet5", 1, 28, 28, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 6, square(5, 1, 2), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("s2", square(2, 2, 0))
                .conv("c3", 16, square(5, 1, 0), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("s4", square(2, 2, 0))
                .conv("c5", 120, square(5, 1, 0), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .flatten("flat")
                .dense("f6", 84, true, Activation.RELU, Init.DEFAULT)
                .dense("out", 10, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    /** A Fashion-MNIST CNN with same padding, dropout and a softmax output. */
    static NetworkSpec fashionCnn() {
        return NetworkSpec.builder("dev.kiln.samples.FashionCnn", 1, 28, 28, Loss.SOFTMAX_CROSS_ENTROPY)
                .convSame("conv1", 16, 3, 3, 1, 1, 1, 1, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("pool1", square(2, 2, 0))
                .convSame("conv2", 32, 3, 3, 1, 1, 1, 1, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("pool2", square(2, 2, 0))
                .flatten("flat")
                .dropout("drop", 0.25)
                .dense("hidden", 64, true, Activation.RELU, Init.DEFAULT)
                .dense("out", 10, true, Activation.SOFTMAX, Init.DEFAULT)
                .build();
    }

    /** An image-to-image network trained with mean squared error: replicate padding, tanh, sigmoid output. */
    static NetworkSpec edgeDetector() {
        return NetworkSpec.builder("dev.kiln.samples.EdgeDetector", 1, 28, 28, Loss.MEAN_SQUARED_ERROR)
                .convSame("edges", 4, 3, 3, 1, 1, 1, 1, PaddingMode.REPLICATE, true, Activation.TANH, Init.DEFAULT)
                .convSame("combine", 1, 3, 3, 1, 1, 1, 1, PaddingMode.REPLICATE, true, Activation.SIGMOID, Init.DEFAULT)
                .build();
    }
}
