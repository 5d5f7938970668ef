package dev.kiln.processor.writer.model;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.processor.GeneratedClasses;
import dev.kiln.processor.Kiln;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary table's layout with layer names in wide scripts, and its receptive-field column on a
 * branching network, against values worked out by hand.
 */
class SummaryTableTest {

    /** Columns by hand: the CJK characters these tests use take two columns, the combining acute accent none. */
    private static int handWidth(String s) {
        int columns = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            columns += "卷积层池化全连".indexOf(cp) >= 0 || (cp >= 0xFF41 && cp <= 0xFF5A) || cp == 0x1F642 ? 2
                    : cp == 0x0301 ? 0 : 1;
            i += Character.charCount(cp);
        }
        return columns;
    }

    @Test
    void displayWidthCountsWideCharactersTwiceAndMarksNever() {
        assertEquals(6, DisplayWidth.of("卷积层"));
        assertEquals(7, DisplayWidth.of("conv层2"));
        assertEquals(4, DisplayWidth.of("ｆｃ"));          // fullwidth Latin
        assertEquals(4, DisplayWidth.of("cafe\u0301"));     // e + combining acute accent
        assertEquals(2, DisplayWidth.of("\uD83D\uDE42"));   // U+1F642, an emoji outside the BMP
        assertEquals(2, DisplayWidth.of("한"));             // Hangul syllable
        assertEquals(1, DisplayWidth.of("é"));              // precomposed
        assertEquals(2, DisplayWidth.of("a\u200Db"));       // zero-width joiner
    }

    @Test
    void wideLayerNamesKeepEveryColumnAligned() {
        NetworkSpec spec = SpecBuilder.of("p.Wide", 1, 8, 8, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("卷积层", 2, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .conv("conv层2", 2, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("池化", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .flatten("cafe\u0301")
                .dense("全连ｆｃ", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
        List<String> lines = SummaryTable.render(spec).lines().toList();
        // widest first cell: "全连ｆｃ (Dense)", 4 + 4 + 8 = 16 columns (the header's "Layer (type)" is 12);
        // so every row's shape starts at column 18, and the receptive field (right of Multiplies) at the header's
        String header = lines.get(2);
        assertTrue(header.startsWith("Layer (type)      Output shape"), header);
        int shapeColumn = 18;
        int fieldColumn = handWidth(header.substring(0, header.indexOf("Receptive field")));
        String[][] rows = {
                {"input (Input)", "(1, 8, 8)", "1x1"},
                {"卷积层 (Conv2d)", "(2, 6, 6)", "3x3"},
                {"conv层2 (Conv2d)", "(2, 4, 4)", "5x5"},
                {"池化 (MaxPool2d)", "(2, 2, 2)", "6x6"},
                {"cafe\u0301 (Flatten)", "(8)", "8x8"},      // 6 + (2 - 1) * 2 = 8, the whole input
                {"全连ｆｃ (Dense)", "(3)", "8x8"}};
        for (int r = 0; r < rows.length; r++) {
            String line = lines.get(4 + r);
            assertTrue(line.startsWith(rows[r][0] + " "), line);
            assertEquals(shapeColumn, handWidth(line.substring(0, line.indexOf(rows[r][1]))), "shape column of " + line);
            assertTrue(line.endsWith("  " + rows[r][2]), line);
            assertEquals(fieldColumn, handWidth(line.substring(0, line.length() - rows[r][2].length())),
                    "receptive-field column of " + line);
        }
        // the rules span the table: 5 columns of 16, 12, 6, 10 and 15 columns, each followed by two spaces
        assertEquals("=".repeat(16 + 12 + 6 + 10 + 15 + 5 * 2), lines.get(1));
    }

    /** The summary's column for the branching net of {@code NetworkSpecTest}, worked out by hand there and here. */
    @Test
    void aBranchingNetShowsTheLargestFieldOverItsInputs() {
        Window k3 = Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1);
        NetworkSpec spec = SpecBuilder.of("p.Branches", 1, 40, 40, Loss.SOFTMAX_CROSS_ENTROPY)
                .from("input").conv("a", 4, k3, false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .from("input").conv("b", 4, Window.symmetric(5, 5, 1, 1, 2, 2, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.RELU, Init.DEFAULT)
                .from("a", "b").add("ab", Activation.NONE)
                .maxPool("p", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .from("p").conv("d", 4, Window.symmetric(1, 1, 2, 2, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.NONE, Init.DEFAULT)
                .from("p").conv("c", 4, k3, false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("e", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .from("d", "e").concat("cat")
                .conv("f", 4, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .globalAvgPool("gap")
                .dense("out", 2, true, Activation.NONE, Init.DEFAULT)
                .build();
        // a 3; b 5; ab max(3, 5) = 5; p 6 (jump 2); d 6 (jump 4); c 6 + 2*2 = 10; e 10 + 2 = 12 (jump 4);
        // cat max(6, 12) = 12; f 12 + 2*4 = 20 (8x8); gap 20 + 7*4 = 48, clipped to 40; out keeps it
        String[][] expected = {{"ab (Add)", "5x5", "a, b"}, {"d (Conv2d)", "6x6", "p"}, {"e (MaxPool2d)", "12x12", "c"},
                {"cat (Concat)", "12x12", "d, e"}, {"f (Conv2d)", "20x20", "cat"}, {"gap (GlobalAvgPool2d)", "40x40", "f"},
                {"out (Dense)", "40x40", "gap"}};
        List<String> lines = SummaryTable.render(spec).lines().toList();
        for (String[] row : expected) {
            String line = lines.stream().filter(l -> l.startsWith(row[0] + " ")).findFirst().orElseThrow();
            assertTrue(line.matches(".*\\s" + row[1] + "\\s+" + row[2]), line);
        }
    }

    /** Names in Chinese compile, and the generated model's summary is the aligned one. */
    @Test
    void aNetworkWithChineseFieldNamesCompilesToAnAlignedSummary() {
        Compilation c = Kiln.compiler().compile(JavaFileObjects.forSourceString("good.Chinese", """
                package good;

                import dev.kiln.dsl.*;

                @Network(channels = 1, height = 8, width = 8, loss = Loss.SOFTMAX_CROSS_ENTROPY)
                public abstract class Chinese {
                    @Conv2d(filters = 2, kernel = 3, activation = Activation.RELU) Layer 卷积层;
                    @Flatten Layer flat;
                    @Dense(units = 3) Layer out;
                }
                """));
        assertThat(c).succeeded();
        String summary = new GeneratedClasses(c).model("good.ChineseModel").summary();
        List<String> lines = summary.lines().toList();
        // "卷积层 (Conv2d)" is 15 columns, the widest; shapes start at column 17
        assertTrue(lines.get(5).startsWith("卷积层 (Conv2d)  (2, 6, 6)"), summary);
        assertTrue(lines.get(4).startsWith("input (Input)    (1, 8, 8)"), summary);
    }
}
