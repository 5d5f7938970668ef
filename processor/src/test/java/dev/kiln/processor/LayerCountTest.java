package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The layer limit: 500 layers compile, generated code included (the summary and spec initialisers
 * stay under the JVM's 64 KB limits); 501 are refused on the {@code @Network} annotation.
 */
class LayerCountTest {

    /** {@code layers - 2} alternating 3x3 same-size convs and dropouts, then flatten and a dense output. */
    private static JavaFileObject deep(String name, int layers) {
        StringBuilder b = new StringBuilder("package deep;\n\nimport dev.kiln.dsl.*;\n\n")
                .append("@Network(channels = 1, height = 4, width = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)\n")
                .append("public abstract class ").append(name).append(" {\n");
        for (int i = 0; i < layers - 2; i++) {
            b.append(i % 2 == 0 ? "    @Conv2d(filters = 1, kernel = 3, padding = 1) Layer c" : "    @Dropout(rate = 0.1) Layer d")
                    .append(i).append(";\n");
        }
        return JavaFileObjects.forSourceString("deep." + name,
                b.append("    @Flatten Layer flat;\n    @Dense(units = 2) Layer out;\n}\n").toString());
    }

    @Test
    void fiveHundredLayersCompileWithTheirGeneratedCode() {
        Compilation c = Kiln.compiler().compile(deep("FiveHundred", 500));
        assertThat(c).succeeded();
        GeneratedClasses classes = new GeneratedClasses(c);
        assertEquals(500, classes.model("deep.FiveHundredModel").spec().layers().size());
        // 249 convs of 1*9+1 = 10 parameters, then 2*16+2 = 34
        assertEquals(249 * 10 + 34, classes.constant("deep.FiveHundredModel", "TOTAL_PARAMS"));
        assertTrue(classes.model("deep.FiveHundredModel").summary().endsWith("Total params: 2,524\nTrainable params: 2,524\nNon-trainable params: 0\nTotal multiplies: 35,888\n"));
    }

    @Test
    void fiveHundredAndOneLayersAreRefused() {
        JavaFileObject file = deep("FiveHundredOne", 501);
        Compilation c = Kiln.compiler().compile(file);
        assertThat(c).hadErrorContaining("[kiln:too-many-layers] FiveHundredOne: a network may have at most 500 layers")
                .inFile(file).onLineContaining("@Network");
        assertThat(c).hadErrorCount(1);
    }
}
