package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.KilnModel;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.DenseOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The counts issue 2 fixes, checked on the generated and loaded models. Every expected number is a
 * hand calculation, written next to the assertion.
 */
class GoldenCountsTest {
    private static GeneratedClasses classes;

    @BeforeAll
    static void compileGoodSpecs() {
        Compilation c = Kiln.compile("good/LeNet5.java", "good/FashionCnn.java", "good/Thirteen.java",
                "good/WideConv.java", "good/Stacked.java", "good/Binary.java", "good/EdgeDetector.java");
        assertThat(c).succeeded();
        classes = new GeneratedClasses(c);
    }

    private static NetworkSpec spec(String name) {
        return classes.model("good." + name + "Model").spec();
    }

    private static String summary(String name) {
        return classes.model("good." + name + "Model").summary();
    }

    @Test
    void leNet5Has61706ParametersAnd416520Multiplies() {
        // c1 6*25+6=156, c3 16*150+16=2,416, c5 120*400+120=48,120, f6 84*120+84=10,164, out 10*84+10=850
        assertEquals(61_706, spec("LeNet5").parameterCount());
        // 6*28*28*25 + 16*10*10*150 + 120*400 + 84*120 + 10*84
        assertEquals(117_600 + 240_000 + 48_000 + 10_080 + 840, spec("LeNet5").multiplies());
        assertTrue(summary("LeNet5").endsWith("Total params: 61,706\nTrainable params: 61,706\nNon-trainable params: 0\nTotal multiplies: 416,520\n"), summary("LeNet5"));
        assertEquals(61_706, classes.constant("good.LeNet5Model", "TOTAL_PARAMS"));
        assertEquals(416_520L, classes.constant("good.LeNet5Model", "TOTAL_MULTIPLIES"));
        assertEquals(2_416, classes.constant("good.LeNet5Model", "C3_PARAMS"));
        assertEquals(10, classes.constant("good.LeNet5Model", "OUTPUT_SIZE"));
        assertEquals(784, classes.constant("good.LeNet5Model", "INPUT_SIZE"));
    }

    @Test
    void fashionCnnHas421642Parameters() {
        // conv1 32*9+32=320, conv2 64*32*9+64=18,496, hidden 128*64*7*7+128=401,536, out 10*128+10=1,290
        assertEquals(421_642, spec("FashionCnn").parameterCount());
        assertTrue(summary("FashionCnn").contains("Total params: 421,642\n"));
        assertEquals(Shape.of(64, 7, 7), spec("FashionCnn").layer("pool2").output());
        assertEquals(Shape.of(32, 28, 28), spec("FashionCnn").layer("conv1").output());
    }

    @Test
    void thirteenByThirteenNetworkMatchesIssueTwo() {
        NetworkSpec s = spec("Thirteen");
        assertEquals(Shape.of(3, 10, 10), s.layer("conv").output());
        assertEquals(48, s.layer("conv").parameterCount());
        assertEquals(Shape.of(3, 5, 5), s.layer("pool").output());
        assertEquals(348, s.parameterCount());
        // conv 3*10*10*16=4,800, avg pool one per output 75, dense 4*75=300
        assertEquals(5_175, s.multiplies());
        assertTrue(summary("Thirteen").endsWith("Total params: 348\nTrainable params: 348\nNon-trainable params: 0\nTotal multiplies: 5,175\n"));
    }

    @Test
    void hundredFiltersOnAHundredByHundredRgbImageHave2800Parameters() {
        // 100 * 3 * 3 * 3 weights + 100 biases
        assertEquals(2_800, spec("WideConv").parameterCount());
        assertEquals(Shape.of(100, 98, 98), spec("WideConv").output());
    }

    @Test
    void threeStackedThreeByThreeConvsSeeSevenBySeven() {
        assertArrayEquals(new int[] {7, 7}, spec("Stacked").receptiveField(2));
        assertTrue(summary("Stacked").lines().anyMatch(l -> l.startsWith("c (Conv2d)") && l.endsWith("7x7")), summary("Stacked"));
    }

    @Test
    void evenKernelSamePaddingIsAsymmetricWithTheExtraAtBottomRight() {
        NetworkSpec s = spec("Binary");
        // total padding (9-1)*1 + 2 - 9 = 1 rows and (12-1) + 2 - 12 = 1 column: 0 before, 1 after
        assertEquals(new Window(2, 2, 1, 1, 0, 1, 0, 1, 1, 1), s.layer("evenSame", Conv2dOp.class).window());
        assertEquals(Shape.of(5, 9, 12), s.layer("evenSame").output());
        // dilated 3x2 kernel, dilation {2,1}: extent 5x2; H (9+4-5)/1+1=9, W (12-2)/2+1=6
        assertEquals(Shape.of(4, 9, 6), s.layer("dilated").output());
        // avg pool 3x2 stride 1 padding {1,0}: H 9+2-3+1=9, W 6-2+1=5
        assertEquals(Shape.of(4, 9, 5), s.layer("smooth").output());
        // 5*3*2*2+5=65, 4*5*3*2+4=124, 1*180+1=181
        assertEquals(370, s.parameterCount());
        assertEquals(2, s.classes());
    }

    @Test
    void leNet5SpecEqualsAHandBuiltSpec() {
        NetworkSpec expected = SpecBuilder.of("good.LeNet5", 1, 28, 28, dev.kiln.dsl.Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 6, Window.symmetric(5, 5, 1, 1, 2, 2, 1, 1), false, dev.kiln.dsl.PaddingMode.ZEROS, true,
                        dev.kiln.dsl.Activation.RELU, dev.kiln.dsl.Init.DEFAULT)
                .maxPool("s2", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("c3", 16, Window.symmetric(5, 5, 1, 1, 0, 0, 1, 1), false, dev.kiln.dsl.PaddingMode.ZEROS, true,
                        dev.kiln.dsl.Activation.RELU, dev.kiln.dsl.Init.DEFAULT)
                .maxPool("s4", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("c5", 120, Window.symmetric(5, 5, 1, 1, 0, 0, 1, 1), false, dev.kiln.dsl.PaddingMode.ZEROS, true,
                        dev.kiln.dsl.Activation.RELU, dev.kiln.dsl.Init.DEFAULT)
                .flatten("flat")
                .dense("f6", 84, true, dev.kiln.dsl.Activation.RELU, dev.kiln.dsl.Init.DEFAULT)
                .dense("out", 10, true, dev.kiln.dsl.Activation.NONE, dev.kiln.dsl.Init.DEFAULT)
                .build();
        NetworkSpec actual = spec("LeNet5");
        assertEquals(expected.qualifiedName(), actual.qualifiedName());
        assertEquals(expected.input(), actual.input());
        assertEquals(expected.loss(), actual.loss());
        assertEquals(expected.layers(), actual.layers());
        assertEquals(expected.params(), actual.params());
        assertEquals(expected.parameterCount(), actual.parameterCount());
    }

    @Test
    void leNet5SummaryRowsCarryHandComputedShapesCountsAndFields() {
        String[] lines = summary("LeNet5").split("\n");
        assertEquals("Model: LeNet5", lines[0]);
        // name (kind), shape, params, multiplies, receptive field (5, then +1*1=6, +4*2=14, +1*2=16, +4*4=32,
        // clipped to the 28x28 input; flat spans c5's one position, 32, clipped to 28; the dense layers keep it)
        assertRow(lines, "c1 (Conv2d)", "(6, 28, 28)", "156", "117,600", "5x5");
        assertRow(lines, "s2 (MaxPool2d)", "(6, 14, 14)", "0", "0", "6x6");
        assertRow(lines, "c3 (Conv2d)", "(16, 10, 10)", "2,416", "240,000", "14x14");
        assertRow(lines, "s4 (MaxPool2d)", "(16, 5, 5)", "0", "0", "16x16");
        assertRow(lines, "c5 (Conv2d)", "(120, 1, 1)", "48,120", "48,000", "28x28");
        assertRow(lines, "flat (Flatten)", "(120)", "0", "0", "28x28");
        assertRow(lines, "f6 (Dense)", "(84)", "10,164", "10,080", "28x28");
        assertRow(lines, "out (Dense)", "(10)", "850", "840", "28x28");
        assertEquals("Total params: 61,706", lines[lines.length - 4]);
        assertEquals("Trainable params: 61,706", lines[lines.length - 3]);
        assertEquals("Non-trainable params: 0", lines[lines.length - 2]);
        assertEquals("Total multiplies: 416,520", lines[lines.length - 1]);
    }

    @Test
    void modelFactoriesReturnTheGeneratedPassAndProgram() {
        KilnModel model = classes.model("good.LeNet5Model");
        assertEquals("good.LeNet5JavaPass", model.newJavaPass().getClass().getName());
        assertEquals("good.LeNet5OpenCl", model.openCl().getClass().getName());
    }

    private static void assertRow(String[] lines, String... cells) {
        for (String line : lines) {
            if (line.startsWith(cells[0] + " ")) {
                String[] parts = line.substring(cells[0].length()).trim().split("\\s{2,}");
                assertArrayEquals(java.util.Arrays.copyOfRange(cells, 1, cells.length), parts, line);
                return;
            }
        }
        throw new AssertionError("no row for " + cells[0] + " in\n" + String.join("\n", lines));
    }

    @Test
    void layerSpecsKeepDeclaredInitAndResolveItForParams() {
        DenseOp out = spec("Binary").layer("out", DenseOp.class);
        assertEquals(dev.kiln.dsl.Init.UNIFORM_FAN_IN, out.init());
        assertEquals(dev.kiln.dsl.Init.UNIFORM_FAN_IN, spec("Binary").param("out.bias").init());
    }
}
