package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Windows that silently leave real rows or columns unread compile, with a warning on the layer. */
class WarningTest {

    @Test
    void warnsWhereAWindowDropsEdgeRowsOrColumns() {
        JavaFileObject file = Kiln.resource("good/DropsEdges.java");
        Compilation c = Kiln.compiler().compile(file);
        assertThat(c).succeeded();
        // strided: 7x8 input, 3x3 kernel, stride 2: rows (7-3) % 2 = 0 dropped, columns (8-3) % 2 = 1 dropped; out (2, 3, 3)
        assertThat(c).hadWarningContaining("[kiln:window-drops-edge] strided: a 3x3 kernel window with stride 2 over the input "
                + "(1, 7, 8) never reads the last 1 column; the output is (2, 3, 3).").inFile(file).onLineContaining("strided;");
        // pool: (2, 3, 3), 2x2 stride 2: one row and one column left over; out (2, 1, 1)
        assertThat(c).hadWarningContaining("[kiln:window-drops-edge] pool: a 2x2 pooling window with stride 2 over strided "
                + "(2, 3, 3) never reads the last 1 row and 1 column; the output is (2, 1, 1).").inFile(file)
                .onLineContaining("pool;");
        assertThat(c).hadWarningCount(2);
    }

    @Test
    void sameSpecsAsIssueTwoCompileWithoutWarnings() {
        Compilation c = Kiln.compile("good/LeNet5.java", "good/FashionCnn.java", "good/Thirteen.java");
        assertThat(c).succeededWithoutWarnings();
    }
}
