package dev.kiln.processor.opencl;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.processor.GeneratedClasses;
import dev.kiln.processor.Kiln;
import dev.kiln.runtime.KilnModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * The real sample networks: their source files in {@code samples/src/main/java} compiled here with
 * Kiln's processor, so the generated model, Java pass and OpenCL program are the ones the samples
 * ship (the samples module builds after this one and cannot be a dependency).
 */
public final class SampleModels {
    /** Every sample network; its data helpers (ColourShapesData) are not networks. */
    public static final List<String> NAMES = List.of("LeNet5", "FashionCnn", "EdgeDetector", "FootwearClassifier", "ColourShapes",
            "FashionResNet", "InceptionNet");
    private static final Path SOURCES = Path.of("../samples/src/main/java/dev/kiln/samples");
    private static GeneratedClasses classes;

    private SampleModels() {
    }

    /** The generated model of sample {@code name} (e.g. {@code FashionCnn}). */
    public static synchronized KilnModel model(String name) {
        if (classes == null) {
            JavaFileObject[] files = new JavaFileObject[NAMES.size()];
            for (int i = 0; i < files.length; i++) {
                Path source = SOURCES.resolve(NAMES.get(i) + ".java");
                if (!Files.isRegularFile(source)) {
                    throw new IllegalStateException("the sample " + source.toAbsolutePath() + " is missing (tests run from the module directory)");
                }
                try {
                    files[i] = JavaFileObjects.forSourceString("dev.kiln.samples." + NAMES.get(i), Files.readString(source));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Compilation c = Kiln.compiler().compile(files);
            assertThat(c).succeeded();
            classes = new GeneratedClasses(c);
        }
        return classes.model("dev.kiln.samples." + name + "Model");
    }
}
