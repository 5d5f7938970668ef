package dev.kiln.processor.opencl;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;

/** Networks of the OpenCL suite that are not samples (the samples themselves: {@link SampleModels}). */
final class Networks {
    private Networks() {
    }

    static Window square(int k, int stride, int pad) {
        return Window.symmetric(k, k, stride, stride, pad, pad, 1, 1);
    }

    /** An image-to-image network trained with mean squared error: replicate padding, tanh, sigmoid output. */
    static NetworkSpec imageToImage() {
        return SpecBuilder.of("t.ImageToImage", 1, 28, 28, Loss.MEAN_SQUARED_ERROR)
                .convSame("edges", 4, 3, 3, 1, 1, 1, 1, PaddingMode.REPLICATE, true, Activation.TANH, Init.DEFAULT)
                .convSame("combine", 1, 3, 3, 1, 1, 1, 1, PaddingMode.REPLICATE, true, Activation.SIGMOID, Init.DEFAULT)
                .build();
    }
}
