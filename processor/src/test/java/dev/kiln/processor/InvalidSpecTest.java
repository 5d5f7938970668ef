package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid case of issue 2 fails javac with its message on the line the user must fix, and
 * nothing is generated for it. One spec per file under {@code bad/}.
 */
class InvalidSpecTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("KernelTooLarge", "[kiln:kernel-too-large] c3: a 5x5 kernel needs an input of at least 5x5, "
                        + "but s2 produces (6, 4, 4). Use padding = 2, a smaller kernel, or remove a pooling layer.", "c3;"),
                Arguments.of("PoolTooLarge", "[kiln:pool-too-large] p2: a 2x5 pooling window needs an input of at least 2x5, "
                        + "but c1 produces (2, 4, 4).", "p2;"),
                Arguments.of("ZeroFilters", "[kiln:filters-out-of-range] c1: filters must be at least 1", "c1;"),
                Arguments.of("NegativeUnits", "[kiln:units-out-of-range] out: units must be at least 1, but is -4.", "out;"),
                Arguments.of("ZeroStrideConv", "[kiln:stride-out-of-range] c1: every stride must be at least 1", "c1;"),
                Arguments.of("ZeroStridePool", "but stride is {1, 0}", "p1;"),
                Arguments.of("NegativePoolSize", "[kiln:pool-size-out-of-range] p1: every pool size must be at least 1, but size is -2.", "p1;"),
                Arguments.of("ZeroKernel", "[kiln:kernel-out-of-range] c1: every kernel size must be at least 1, but kernel is {0, 3}.", "c1;"),
                Arguments.of("ZeroDilation", "[kiln:dilation-out-of-range] c1: every dilation must be at least 1", "c1;"),
                Arguments.of("NegativePadding", "[kiln:padding-out-of-range] c1: padding must be 0 or more on each side, but is -1.", "c1;"),
                Arguments.of("ConvPaddingTooLarge", "[kiln:padding-too-large] c1: padding must be smaller than the kernel's extent 3x3 "
                        + "(at most 2), or some outputs would read only padding; but padding is 3. Use padding = 1", "c1;"),
                Arguments.of("PoolPaddingTooLarge", "[kiln:pool-padding-too-large] p1: pooling padding may be at most half the window "
                        + "(1 for a 2x2 window), but is 2", "p1;"),
                Arguments.of("DropoutRateOne", "[kiln:dropout-rate-out-of-range] drop: a dropout rate must be in [0, 1) "
                        + "(1 would drop everything), but is 1.0.", "drop;"),
                Arguments.of("DropoutRateNegative", "but is -0.1.", "drop;"),
                Arguments.of("AugmentAfterConv", "[kiln:augment-not-at-start] rot: an augmentation layer (@RandomRotation) may only "
                        + "stand at the start of the network, reading the input or another augmentation layer, but it comes after c1.",
                        "rot;"),
                Arguments.of("AugmentFromConv", "[kiln:augment-not-at-start] zoom: an augmentation layer (@RandomZoom) may only stand "
                        + "at the start of the network, reading the input or another augmentation layer, but it comes after c1.",
                        "from = \"c1\""),
                Arguments.of("RotationNegative", "[kiln:augment-out-of-range] rot: degrees must be in [0, 180] (the largest angle "
                        + "either way), but is -5.0. Use e.g. degrees = 15.", "rot;"),
                Arguments.of("ZoomOne", "[kiln:augment-out-of-range] zoom: value must be a fraction in [0, 1) of the size the "
                        + "scale may change by, but is 1.0.", "zoom;"),
                Arguments.of("TranslationWidth", "[kiln:augment-out-of-range] shift: width must be a fraction in [0, 1) of the "
                        + "image width a shift may reach, but is 1.5.", "width = 1.5"),
                Arguments.of("ContrastNegative", "[kiln:augment-out-of-range] contrast: value must be in [0, 1]", "contrast;"),
                Arguments.of("DenseWithoutFlatten", "[kiln:dense-needs-flatten] out: a @Dense layer needs a vector input, but c1 "
                        + "produces (2, 26, 26), an image; Kiln does not flatten implicitly. Add a '@Flatten Layer flat;' field before out.",
                        "out;"),
                Arguments.of("TwoAnnotations", "[kiln:several-layer-annotations] c1: a field declares one layer, but it carries 2 "
                        + "layer annotations (@Conv2d, @MaxPool2d).", "c1;"),
                Arguments.of("NoAnnotation", "[kiln:missing-layer-annotation] forgotten: a Layer field needs exactly one layer annotation",
                        "forgotten;"),
                Arguments.of("NotLayerType", "[kiln:field-not-layer] c1: a field annotated @Conv2d must have type dev.kiln.dsl.Layer, "
                        + "but has type java.lang.Object.", "c1;"),
                Arguments.of("StaticLayer", "[kiln:static-layer] c1: a layer is an instance field, but this one is static.", "c1;"),
                Arguments.of("EmptyNetwork", "[kiln:empty-network] EmptyNetwork: a network needs at least one layer", "@Network"),
                Arguments.of("BinaryAfterTen", "[kiln:binary-needs-one-unit] out: loss = BINARY_CROSS_ENTROPY needs one output unit "
                        + "from a @Dense last layer, but the last layer is a @Dense of 10 units.", "out;"),
                Arguments.of("BinaryWithTanh", "[kiln:binary-activation] out: loss = BINARY_CROSS_ENTROPY needs activation SIGMOID", "out;"),
                Arguments.of("CrossEntropyAfterConv", "[kiln:cross-entropy-needs-dense] c1: loss = SOFTMAX_CROSS_ENTROPY needs the last "
                        + "layer to be a @Dense layer of class scores (or a @GlobalAvgPool2d of one map per class), but it is a "
                        + "@Conv2d.", "c1;"),
                Arguments.of("CrossEntropyWithRelu", "[kiln:cross-entropy-activation] out: loss = SOFTMAX_CROSS_ENTROPY needs logits", "out;"),
                Arguments.of("CrossEntropyOneUnit", "[kiln:cross-entropy-needs-classes] out: loss = SOFTMAX_CROSS_ENTROPY needs at least 2 classes",
                        "out;"),
                Arguments.of("SoftmaxNotLast", "[kiln:softmax-not-last] hidden: SOFTMAX is only allowed on the last layer, but out comes after it.",
                        "hidden;"),
                Arguments.of("SoftmaxWithMse", "[kiln:softmax-needs-cross-entropy] out: SOFTMAX is only allowed with loss = "
                        + "SOFTMAX_CROSS_ENTROPY, but the loss is MEAN_SQUARED_ERROR.", "out;"),
                Arguments.of("SoftmaxOnConv", "[kiln:softmax-not-dense] c1: SOFTMAX is only allowed on a @Dense last layer, but this is a @Conv2d.",
                        "c1;"),
                Arguments.of("SameWithPadding", "[kiln:same-with-padding] c1: same = true computes the padding itself, but padding = 1 "
                        + "is also given.", "c1;"),
                Arguments.of("KernelArity", "[kiln:attribute-arity] c1: kernel takes one value (square) or two ({height, width}), "
                        + "but has 3: {3, 3, 3}.", "c1;"),
                Arguments.of("ConvAfterFlatten", "[kiln:needs-image-input] c1: a @Conv2d layer needs an image input (C, H, W), "
                        + "but flat is a vector.", "c1;"),
                Arguments.of("HugeActivation", "[kiln:activation-too-large] c1: its output (100000, 1000, 1000) has 100,000,000,000 elements "
                        + "per image, above the limit of 2,147,483,647", "c1;"),
                Arguments.of("HugePaddingOutput", "[kiln:activation-too-large] c1: its output (1, 2147483648, 2147483648) has 4,611,686,018,427,387,904 elements", "c1;"),
                Arguments.of("TooManyParameters", "[kiln:too-many-parameters] out: this layer has 10,000,100,000 parameters", "out;"),
                Arguments.of("TooManyParametersInTotal", "[kiln:too-many-parameters] out: the network up to this layer has 2,416,110,000 "
                        + "parameters", "out;"),
                Arguments.of("HugeDilation", "[kiln:kernel-extent-too-large] c1: a 3x3 kernel with dilation 2000000000 spans "
                        + "4000000001x4000000001", "c1;"),
                Arguments.of("HugeInput", "[kiln:input-too-large] HugeInput: the input (100000, 100000, 3) has 30,000,000,000 elements",
                        "@Network"),
                Arguments.of("ZeroHeight", "[kiln:input-out-of-range] ZeroHeight: @Network height must be at least 1, but is 0.", "@Network"),
                Arguments.of("NotAClass", "[kiln:network-not-a-class] NotAClass: @Network goes on a class, but NotAClass is an interface.",
                        "@Network"),
                Arguments.of("Nested", "[kiln:network-not-top-level] Inner: a @Network class must be declared at the top level of its "
                        + "file, but it is nested in Nested.", "@Network"),
                Arguments.of("AddShapes", "[kiln:add-shapes] b1: cannot add b1n2 (8, 14, 14) and pool (8, 28, 28). Every input of "
                        + "@Add must have the same shape", "b1;"),
                Arguments.of("FromUnknown", "[kiln:from-unknown] sum: from names 'stme', but the network has no layer of that name "
                        + "(did you mean 'stem'?). Name a field declared before sum", "sum;"),
                Arguments.of("FromLater", "[kiln:from-later] c2: from names c3, which is declared after it", "c2;"),
                Arguments.of("ConcatSizes", "[kiln:concat-shapes] joined: cannot concatenate a (2, 8, 8) and b (2, 4, 4)", "joined;"),
                Arguments.of("MergeOfOne", "[kiln:merge-needs-two] sum: @Add merges two or more tensors, but from names [a]", "sum;"),
                // from defaults to {} (the previous field), as on every layer: still one tensor, so the same error
                Arguments.of("MergeWithoutFrom", "[kiln:merge-needs-two] joined: @Concat merges two or more tensors, but from names [a]",
                        "joined;"),
                Arguments.of("UnusedLayer", "[kiln:unused-layer] forgotten: nothing reads this layer's output: the next layer, head, "
                        + "reads stem, and no later 'from' names forgotten", "forgotten;"),
                Arguments.of("GlobalPoolOfVector", "[kiln:needs-image-input] gap: a @GlobalAvgPool2d layer needs an image input", "gap;"),
                Arguments.of("BatchNormEps", "[kiln:batch-norm-eps] bn: eps must be greater than 0", "bn;"),
                Arguments.of("BatchNormMomentum", "[kiln:batch-norm-momentum] bn: momentum must be in (0, 1]", "bn;"),
                Arguments.of("FromTwoIntoConv", "[kiln:from-arity] b: @Conv2d reads one tensor, but from names 2 (a, input)", "b;"),
                Arguments.of("LayerNamedInput", "[kiln:reserved-layer-name] input: 'input' names the network input", "input;"),
                Arguments.of("LayerOutsideNetwork", "[kiln:layer-outside-network] c1: @Conv2d declares a layer, but LayerOutsideNetwork "
                        + "is not annotated @Network", "c1;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cases", "dev.kiln.processor.InvalidZooSpecs#cases"})
    void failsWithItsMessageOnTheLineToFix(String spec, String message, String line) {
        JavaFileObject file = Kiln.resource("bad/" + spec + ".java");
        Compilation c = Kiln.compiler().compile(file);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining(message).inFile(file).onLineContaining(line);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void generatesNothingForAnInvalidNetwork(@TempDir Path dump) throws IOException {
        Compilation c = Kiln.compiler("-Akiln.dump=" + dump).compile(Kiln.resource("bad/KernelTooLarge.java"));
        assertThat(c).failed();
        try (Stream<Path> files = Files.walk(dump)) {
            assertEquals(List.of(dump), files.toList());
        }
    }

    @Test
    void refusesToOverwriteAUserClassWithTheGeneratedName() {
        JavaFileObject spec = Kiln.resource("bad/Clash.java");
        Compilation c = Kiln.compiler().compile(spec, Kiln.resource("bad/ClashModel.java"));
        assertThat(c).hadErrorContaining("[kiln:generated-name-taken] Clash: Kiln generates ClashModel for this network")
                .inFile(spec).onLineContaining("class Clash");
    }

    @Test
    void reportsEveryErrorOfANetworkNotOnlyTheFirst() {
        JavaFileObject file = Kiln.resource("bad/TwoErrors.java");
        Compilation c = Kiln.compiler().compile(file);
        assertThat(c).hadErrorContaining("[kiln:filters-out-of-range] c1").inFile(file).onLineContaining("c1;");
        assertThat(c).hadErrorContaining("[kiln:stride-out-of-range] s2").inFile(file).onLineContaining("s2;");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    void anInvalidNetworkDoesNotStopTheValidOnesOfTheSameCompilation(@TempDir Path dump) {
        Compilation c = Kiln.compiler("-Akiln.dump=" + dump)
                .compile(Kiln.resource("bad/KernelTooLarge.java"), Kiln.resource("good/LeNet5.java"));
        assertThat(c).hadErrorCount(1);
        assertTrue(Files.isRegularFile(dump.resolve("good/LeNet5Model.java")));
        assertTrue(Files.isRegularFile(dump.resolve("good/LeNet5Model.cl")));
        assertFalse(Files.exists(dump.resolve("bad")));
    }
}
