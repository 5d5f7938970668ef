package dev.kiln.processor.backend;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.processor.GeneratedClasses;
import dev.kiln.processor.Kiln;
import dev.kiln.runtime.KilnModel;

/** The specs these tests train, compiled once with Kiln's processor and loaded. */
final class Specs {
    private static final String HEADER = "package bk;\nimport dev.kiln.dsl.*;\n";

    static final String SMALL_CNN = HEADER
            + "@Network(channels = 1, height = 8, width = 8, loss = Loss.SOFTMAX_CROSS_ENTROPY)\n"
            + "public abstract class SmallCnn {\n"
            + "  @Conv2d(filters = 4, kernel = 3, padding = 1, activation = Activation.RELU) Layer c1;\n"
            + "  @MaxPool2d(size = 2) Layer p1;\n"
            + "  @Dropout(rate = 0.25) Layer d1;\n"
            + "  @Conv2d(filters = 6, kernel = 3, activation = Activation.LEAKY_RELU) Layer c2;\n"
            + "  @Flatten Layer flat;\n"
            + "  @Dense(units = 5, activation = Activation.SOFTMAX) Layer out;\n"
            + "}\n";

    static final String BINARY = HEADER
            + "@Network(channels = 1, height = 6, width = 6, loss = Loss.BINARY_CROSS_ENTROPY)\n"
            + "public abstract class Binary {\n"
            + "  @Conv2d(filters = 2, kernel = 3, activation = Activation.TANH) Layer c1;\n"
            + "  @AvgPool2d(size = 2) Layer p1;\n"
            + "  @Flatten Layer flat;\n"
            + "  @Dense(units = 1, activation = Activation.SIGMOID) Layer out;\n"
            + "}\n";

    static final String EDGE = HEADER
            + "@Network(channels = 1, height = 28, width = 28, loss = Loss.MEAN_SQUARED_ERROR)\n"
            + "public abstract class Edge {\n"
            + "  @Conv2d(filters = 1, kernel = 3) Layer edge;\n"
            + "}\n";

    static final String LENET5 = HEADER
            + "@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)\n"
            + "public abstract class LeNet5 {\n"
            + "  @Conv2d(filters = 6, kernel = 5, padding = 2, activation = Activation.RELU) Layer c1;\n"
            + "  @MaxPool2d(size = 2) Layer s2;\n"
            + "  @Conv2d(filters = 16, kernel = 5, activation = Activation.RELU) Layer c3;\n"
            + "  @MaxPool2d(size = 2) Layer s4;\n"
            + "  @Conv2d(filters = 120, kernel = 5, activation = Activation.RELU) Layer c5;\n"
            + "  @Flatten Layer flat;\n"
            + "  @Dense(units = 84, activation = Activation.RELU) Layer f6;\n"
            + "  @Dense(units = 10) Layer out;\n"
            + "}\n";

    /** LeNet-5 behind three augmentation layers: the same parameters, augmented images in training. */
    static final String AUGMENTED_LENET5 = HEADER
            + "@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)\n"
            + "public abstract class AugmentedLeNet5 {\n"
            + "  @RandomFlip(mode = FlipMode.HORIZONTAL) Layer flip;\n"
            + "  @RandomTranslation(height = 0.1, width = 0.1) Layer shift;\n"
            + "  @RandomRotation(degrees = 10, fill = FillMode.NEAREST) Layer rotate;\n"
            + "  @Conv2d(filters = 6, kernel = 5, padding = 2, activation = Activation.RELU) Layer c1;\n"
            + "  @MaxPool2d(size = 2) Layer s2;\n"
            + "  @Conv2d(filters = 16, kernel = 5, activation = Activation.RELU) Layer c3;\n"
            + "  @MaxPool2d(size = 2) Layer s4;\n"
            + "  @Conv2d(filters = 120, kernel = 5, activation = Activation.RELU) Layer c5;\n"
            + "  @Flatten Layer flat;\n"
            + "  @Dense(units = 84, activation = Activation.RELU) Layer f6;\n"
            + "  @Dense(units = 10) Layer out;\n"
            + "}\n";

    static final String FASHION_CNN = HEADER
            + "@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)\n"
            + "public abstract class FashionCnn {\n"
            + "  @Conv2d(filters = 32, kernel = 3, same = true, activation = Activation.RELU) Layer conv1;\n"
            + "  @MaxPool2d(size = 2) Layer pool1;\n"
            + "  @Dropout(rate = 0.2) Layer drop1;\n"
            + "  @Conv2d(filters = 64, kernel = 3, same = true, activation = Activation.RELU) Layer conv2;\n"
            + "  @MaxPool2d(size = 2) Layer pool2;\n"
            + "  @Dropout(rate = 0.2) Layer drop2;\n"
            + "  @Flatten Layer flat;\n"
            + "  @Dense(units = 128, activation = Activation.RELU) Layer hidden;\n"
            + "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer out;\n"
            + "}\n";

    /** Max pooling after a conv that multiplies an infinite activation by a zero weight: NaN arises inside the network. */
    static final String NAN_POOL = "package bk;\n\nimport dev.kiln.dsl.*;\n\n"
            + "@Network(channels = 1, height = 4, width = 4, loss = Loss.MEAN_SQUARED_ERROR)\n"
            + "public abstract class NanPool {\n"
            + "  @Conv2d(filters = 1, kernel = 1, bias = false) Layer scale;\n"
            + "  @Conv2d(filters = 1, kernel = {1, 2}, bias = false) Layer c;\n"
            + "  @MaxPool2d(size = 2, stride = 1) Layer p;\n"
            + "}\n";

    /** A max pool alone, for calling its Java pass with a NaN input directly (the backends refuse non-finite inputs). */
    static final String NAN_ROUTE = HEADER
            + "@Network(channels = 1, height = 3, width = 4, loss = Loss.MEAN_SQUARED_ERROR)\n"
            + "public abstract class NanRoute {\n"
            + "  @MaxPool2d(size = 2, stride = 1) Layer p;\n"
            + "}\n";

    /**
     * Non-finite losses from finite inputs (issue 27 item 4): a 1x1 conv scales a pixel of 3e38 to +inf, and a
     * dense layer with weights of both signs adds +inf and -inf, which is NaN, into softmax cross-entropy.
     */
    static final String NAN_SOFTMAX = HEADER
            + "@Network(channels = 1, height = 2, width = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY)\n"
            + "public abstract class NanSoftmax {\n"
            + "  @Conv2d(filters = 1, kernel = 1, bias = false) Layer scale;\n"
            + "  @Flatten Layer flat;\n"
            + "  @Dense(units = 3) Layer out;\n"
            + "}\n";

    /** The same NaN into one sigmoid unit and binary cross-entropy. */
    static final String NAN_BINARY = HEADER
            + "@Network(channels = 1, height = 2, width = 2, loss = Loss.BINARY_CROSS_ENTROPY)\n"
            + "public abstract class NanBinary {\n"
            + "  @Conv2d(filters = 1, kernel = 1, bias = false) Layer scale;\n"
            + "  @Flatten Layer flat;\n"
            + "  @Dense(units = 1, activation = Activation.SIGMOID) Layer out;\n"
            + "}\n";

    /**
     * A batch norm whose statistics stay finite while the loss is NaN: channel 0 of the input goes through c1
     * (weights {1, 0}) into the batch norm; channel 1, zero in the finite batches, is scaled by 10 to +inf and
     * added after it, so the NaN arises after the running statistics took the batch in.
     */
    static final String NAN_BATCH_NORM = HEADER
            + "@Network(channels = 2, height = 2, width = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY)\n"
            + "public abstract class NanBatchNorm {\n"
            + "  @Conv2d(filters = 1, kernel = 1, bias = false) Layer c1;\n"
            + "  @BatchNorm Layer bn;\n"
            + "  @Conv2d(from = \"input\", filters = 1, kernel = 1, bias = false) Layer scale;\n"
            + "  @Add(from = {\"bn\", \"scale\"}) Layer sum;\n"
            + "  @Flatten Layer flat;\n"
            + "  @Dense(units = 3) Layer out;\n"
            + "}\n";

    private static GeneratedClasses classes;

    private Specs() {
    }

    /** The generated model of spec {@code bk.name}. */
    static synchronized KilnModel model(String name) {
        if (classes == null) {
            Compilation c = Kiln.compiler().compile(
                    JavaFileObjects.forSourceString("bk.SmallCnn", SMALL_CNN),
                    JavaFileObjects.forSourceString("bk.Binary", BINARY),
                    JavaFileObjects.forSourceString("bk.Edge", EDGE),
                    JavaFileObjects.forSourceString("bk.LeNet5", LENET5),
                    JavaFileObjects.forSourceString("bk.AugmentedLeNet5", AUGMENTED_LENET5),
                    JavaFileObjects.forSourceString("bk.FashionCnn", FASHION_CNN),
                    JavaFileObjects.forSourceString("bk.NanPool", NAN_POOL),
                    JavaFileObjects.forSourceString("bk.NanRoute", NAN_ROUTE),
                    JavaFileObjects.forSourceString("bk.NanSoftmax", NAN_SOFTMAX),
                    JavaFileObjects.forSourceString("bk.NanBinary", NAN_BINARY),
                    JavaFileObjects.forSourceString("bk.NanBatchNorm", NAN_BATCH_NORM));
            assertThat(c).succeeded();
            classes = new GeneratedClasses(c);
        }
        return classes.model("bk." + name + "Model");
    }
}
