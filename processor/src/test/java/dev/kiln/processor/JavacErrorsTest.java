package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specs javac itself refuses (a missing required attribute, an unresolved constant or type): javac's
 * error stands alone; Kiln adds nothing and, above all, no {@code [kiln:internal]} error.
 */
class JavacErrorsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "@Conv2d(kernel = 3) Layer c;",
        "@Conv2d(filters = UNKNOWN, kernel = 3) Layer c;",
        "@Conv2d(filters = 2, kernel = {3, UNKNOWN}) Layer c;",
        "@Conv2d(filters = 2, kernel = 3, activation = Activation.SWISH) Layer c;",
        "@Dropout(rate = \"half\") Layer d;",
        "@Conv2d(filters = 2, kernel = 3) Layr c;"})
    void leavesJavacsOwnErrorsAlone(String field) {
        JavaFileObject file = JavaFileObjects.forSourceString("javac.Broken", "package javac;\n\nimport dev.kiln.dsl.*;\n\n"
                + "@Network(channels = 1, height = 8, width = 8, loss = Loss.MEAN_SQUARED_ERROR)\n"
                + "public abstract class Broken {\n    " + field + "\n}\n");
        Compilation c = Kiln.compiler().compile(file);
        assertThat(c).failed();
        assertTrue(c.errors().stream().noneMatch(d -> d.getMessage(Locale.ROOT).contains("[kiln:")),
                () -> "Kiln reported on a spec javac refuses: " + c.errors());
    }
}
