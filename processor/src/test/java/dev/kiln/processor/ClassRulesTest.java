package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decisions about which classes and fields are networks and layers: any top-level class
 * (abstract or not, public or not); layers are the instance fields of type Layer with one layer
 * annotation, in declaration order; static fields and fields of other types without a layer
 * annotation are ignored. The refusals are in {@link InvalidSpecTest}.
 */
class ClassRulesTest {

    @Test
    void aPackagePrivateConcreteClassIsANetworkAndKeepsDeclarationOrder() {
        Compilation c = Kiln.compile("good/PlainClass.java");
        assertThat(c).succeeded();
        List<Op> layers = new GeneratedClasses(c).model("good.PlainClassModel").spec().layers();
        assertEquals(List.of("second", "first"), layers.stream().map(Op::name).toList());
        // pool 2 on (2, 4, 4) gives (2, 2, 2); then a 1x1 conv with one filter
        assertEquals(Shape.of(1, 2, 2), layers.get(1).output());
    }

    @Test
    void staticFieldsAndFieldsOfOtherTypesAreNotLayers() {
        Compilation c = Kiln.compile("good/Binary.java");
        assertThat(c).succeeded();
        List<Op> layers = new GeneratedClasses(c).model("good.BinaryModel").spec().layers();
        assertEquals(List.of("evenSame", "dilated", "smooth", "flat", "out"), layers.stream().map(Op::name).toList());
    }

    @Test
    void layerConstantsNeverClashWithEachOtherOrTheFixedOnes() {
        Compilation c = Kiln.compile("good/Clashing.java");
        assertThat(c).succeeded();
        GeneratedClasses classes = new GeneratedClasses(c);
        // the input constants keep their names; layer "Input" (a 3x3 conv with 2 filters on 6x6) gets a suffix
        assertEquals(1, classes.constant("good.ClashingModel", "INPUT_CHANNELS"));
        assertEquals(2, classes.constant("good.ClashingModel", "INPUT_CHANNELS_"));
        assertEquals(3, classes.constant("good.ClashingModel", "C1_CHANNELS"));
        assertEquals(4, classes.constant("good.ClashingModel", "C1_CHANNELS_"));
        // 4 * 4 * 4 = 64 flattened
        assertEquals(64, classes.constant("good.ClashingModel", "TOTAL_SIZE"));
        // 2*9+2 + 3*2+3 + 4*3+4 = 20 + 9 + 16
        assertEquals(45, classes.constant("good.ClashingModel", "TOTAL_PARAMS"));
    }
}
