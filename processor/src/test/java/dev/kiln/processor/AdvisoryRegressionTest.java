package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One regression test per class of security advisory issue 7 names (TensorFlow's stride-0,
 * negative pool size, max-pool padding larger than the window, zero-depth filters and output-size
 * overflow advisories): Kiln refuses each at compile time, on the attribute, with a tagged message.
 */
class AdvisoryRegressionTest {

    private static JavaFileObject spec(String name, String layers) {
        return JavaFileObjects.forSourceString("adv." + name, "package adv;\n\nimport dev.kiln.dsl.*;\n\n"
                + "@Network(channels = 3, height = 32, width = 32, loss = Loss.MEAN_SQUARED_ERROR)\n"
                + "public abstract class " + name + " {\n" + layers + "\n}\n");
    }

    private static void refused(JavaFileObject file, String message, String line) {
        Compilation c = Kiln.compiler().compile(file);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining(message).inFile(file).onLineContaining(line);
    }

    @Test
    void strideZeroInConv() {
        refused(spec("ConvStride", "    @Conv2d(filters = 4, kernel = 3, stride = {0, 1}) Layer c;"),
                "[kiln:stride-out-of-range] c: every stride must be at least 1", "Layer c;");
    }

    @Test
    void strideZeroInPooling() {
        refused(spec("MaxStride", "    @MaxPool2d(size = 2, stride = 0) Layer p;"),
                "[kiln:stride-out-of-range] p: every stride must be at least 1", "Layer p;");
        refused(spec("AvgStride", "    @AvgPool2d(size = 2, stride = {2, 0}) Layer p;"),
                "[kiln:stride-out-of-range] p", "Layer p;");
    }

    @Test
    void negativePoolSize() {
        refused(spec("NegativeMax", "    @MaxPool2d(size = {2, -3}) Layer p;"),
                "[kiln:pool-size-out-of-range] p: every pool size must be at least 1, but size is {2, -3}.", "Layer p;");
        refused(spec("MinIntPool", "    @AvgPool2d(size = -2147483648) Layer p;"),
                "[kiln:pool-size-out-of-range] p", "Layer p;");
    }

    @Test
    void paddingLargerThanTheWindowInMaxPool() {
        refused(spec("PadMax", "    @MaxPool2d(size = 2, padding = 3) Layer p;"),
                "[kiln:pool-padding-too-large] p: pooling padding may be at most half the window (1 for a 2x2 window), but is 3",
                "Layer p;");
        refused(spec("PadConv", "    @Conv2d(filters = 1, kernel = 3, padding = 2147483647) Layer c;"),
                "[kiln:padding-too-large] c", "Layer c;");
    }

    @Test
    void zeroDepthFilters() {
        refused(spec("ZeroDepth", "    @Conv2d(filters = 0, kernel = 3) Layer c;"),
                "[kiln:filters-out-of-range] c: filters must be at least 1", "Layer c;");
        refused(spec("ZeroUnits", "    @Flatten Layer f;\n    @Dense(units = 0) Layer d;"),
                "[kiln:units-out-of-range] d", "Layer d;");
    }

    @Test
    void overflowingOutputSizeArithmetic() {
        // (32 + 2*(2^31-2) - (2^31-1)) / 1 + 1 = 2^31 + 30: past the int range
        refused(spec("OutputOverflow", "    @Conv2d(filters = 1, kernel = 2147483647, padding = 2147483646) Layer c;"),
                "[kiln:activation-too-large] c: its output (1, 2147483678, 2147483678)", "Layer c;");
        // dilation 2^30 * (3-1) + 1 = 2^31 + 1: the kernel extent itself overflows an int
        refused(spec("ExtentOverflow", "    @Conv2d(filters = 1, kernel = 3, dilation = 1073741824) Layer c;"),
                "[kiln:kernel-extent-too-large] c: a 3x3 kernel with dilation 1073741824 spans 2147483649x2147483649", "Layer c;");
        // 2^31-1 filters on 30x30: 1.9e12 elements, and far more parameters
        refused(spec("ElementOverflow", "    @Conv2d(filters = 2147483647, kernel = 3) Layer c;"),
                "[kiln:activation-too-large] c: its output (2147483647, 30, 30) has 1,932,735,282,300 elements", "Layer c;");
        // 46,341^2 = 2,147,488,281 > 2^31-1 parameters in one dense layer
        refused(spec("ParamOverflow", "    @AvgPool2d(size = 32) Layer p;\n    @Flatten Layer f;\n"
                        + "    @Dense(units = 46341, bias = false) Layer a;\n    @Dense(units = 46341, bias = false) Layer b;"),
                "[kiln:too-many-parameters] b: this layer has 2,147,488,281 parameters", "Layer b;");
    }
}
