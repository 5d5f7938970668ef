package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.kiln.dsl.FillMode;
import dev.kiln.dsl.FlipMode;
import dev.kiln.runtime.KilnModel;
import dev.kiln.spec.Augment;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.NetworkSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The augmentation annotations through the processor: the spec they describe, and the summary. */
class AugmentSpecTest {
    private static KilnModel model;

    @BeforeAll
    static void compile() {
        Compilation c = Kiln.compile("good/Augmented.java");
        assertThat(c).succeeded();
        model = new GeneratedClasses(c).model("good.AugmentedModel");
    }

    @Test
    void theAnnotationsDescribeTheirTransformsWithDefaults() {
        NetworkSpec spec = model.spec();
        assertEquals(new Augment.Flip(FlipMode.BOTH), ((AugmentOp) spec.layer("flip")).transform());
        assertEquals(new Augment.Translation(0.1, 0.2, FillMode.NEAREST), ((AugmentOp) spec.layer("shift")).transform());
        assertEquals(new Augment.Rotation(15, FillMode.REFLECT), ((AugmentOp) spec.layer("rotate")).transform());
        assertEquals(new Augment.Zoom(0.1, FillMode.ZEROS), ((AugmentOp) spec.layer("zoom")).transform());
        assertEquals(new Augment.Contrast(0.2), ((AugmentOp) spec.layer("contrast")).transform());
        assertEquals(java.util.List.of("zoom"), spec.layer("contrast").inputs());
        // c1 4*3*9+4 = 112, out 3*(4*5*4)+3 = 243: augmentation adds nothing
        assertEquals(112 + 243, spec.parameterCount());
    }

    @Test
    void theSummaryShowsThemWithoutParametersOrMultiplies() {
        String summary = model.summary();
        for (String row : new String[] {"flip (RandomFlip)", "shift (RandomTranslation)", "rotate (RandomRotation)",
                "zoom (RandomZoom)", "contrast (RandomContrast)"}) {
            String line = summary.lines().filter(l -> l.startsWith(row + " ")).findFirst().orElseThrow(() -> new AssertionError(summary));
            String[] cells = line.substring(row.length()).trim().split("\\s{2,}");
            assertEquals("(3, 12, 10)", cells[0], line);
            assertEquals("0", cells[1], line);
            assertEquals("0", cells[2], line);
        }
        assertTrue(summary.contains("Total params: 355\n"), summary);
    }
}
