package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * What the processor writes besides the model class: the service registration, the OpenCL
 * resource, the dump switch, and a golden copy of {@code LeNet5Model.java}.
 *
 * <p>The golden copy is a readability snapshot, not evidence: it was regenerated from Kiln's own
 * output ({@code -Dkiln.regenerate=true} after an intended change), so it only makes a change to
 * the generated source visible in review. Nothing is checked by it alone: LeNet-5's counts, shapes
 * and summary are checked against hand calculations in {@link GoldenCountsTest}, its OpenCL
 * program in {@code OpenClWriterTest}, and its numbers against the reference in the javagen and
 * opencl suites.
 */
class GeneratedOutputTest {

    @Test
    void registersEveryModelOfTheCompilationInOneServiceFile() throws IOException {
        Compilation c = Kiln.compile("good/LeNet5.java", "good/Thirteen.java", "good/EdgeDetector.java");
        assertThat(c).succeeded();
        String services = c.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.kiln.runtime.KilnModel")
                .orElseThrow().getCharContent(true).toString();
        assertEquals("good.EdgeDetectorModel\ngood.LeNet5Model\ngood.ThirteenModel\n", services);
        assertTrue(c.generatedFile(StandardLocation.CLASS_OUTPUT, "good", "LeNet5Model.cl").isPresent());
    }

    @Test
    void dumpToStdoutPrintsEveryGeneratedFile() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThat(Kiln.compiler("-Akiln.dump=stdout").compile(Kiln.resource("good/EdgeDetector.java"))).succeeded();
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        for (String file : new String[] {"good/EdgeDetectorModel.java", "good/EdgeDetectorJavaPass.java",
                "good/EdgeDetectorOpenCl.java", "good/EdgeDetectorModel.cl"}) {
            assertTrue(out.contains("// ===== kiln.dump: " + file), file + " missing in\n" + out);
        }
    }

    /** The readability snapshot (see the class comment): shows a reviewer every change to the generated model class. */
    @Test
    void leNet5ModelSourceMatchesTheReadabilitySnapshot() throws IOException {
        Compilation c = Kiln.compile("good/LeNet5.java");
        String actual = c.generatedSourceFile("good.LeNet5Model").orElseThrow().getCharContent(true).toString();
        Path golden = Path.of("src/test/resources/expected/LeNet5Model.java");
        if (Boolean.getBoolean("kiln.regenerate")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                "LeNet5Model.java changed; if intended, rerun with -Dkiln.regenerate=true and review the diff");
        assertTrue(actual.contains("@Generated(\"dev.kiln.processor.KilnProcessor\")"));
    }

    @Test
    void declaresItselfAnAggregatingProcessorForGradle() throws IOException {
        try (var in = KilnProcessor.class.getResourceAsStream("/META-INF/gradle/incremental.annotation.processors")) {
            assertEquals(KilnProcessor.class.getName() + ",aggregating", new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
