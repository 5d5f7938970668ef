package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 27 item 2: every network in {@code samples/} is shown to learn, on the Java and the OpenCL backend,
 * by a named test with a stated bar. This test reads the samples' sources and fails for a sample that is in
 * no entry of {@link #LEARNS} (a new sample needs its short run, or a long one with the reason), and for an
 * entry whose test sources do not name the sample.
 */
class EverySampleLearnsTest {
    private static final String TOOL = "../tool/src/test/java/dev/kiln/tool/";
    private static final String SAMPLES = "src/test/java/dev/kiln/samples/";

    /**
     * Sample to the test sources that train it; each must name it in quotes. A path to an abstract class
     * counts for the classes that extend it (one per backend).
     */
    static final Map<String, List<String>> LEARNS = Map.ofEntries(
            // short runs on the first images of Fashion-MNIST or on coloured shapes, a test-accuracy bar per backend
            // (JavaBackendVerbsTest and OpenClBackendVerbsTest extend VerbsOnBackend)
            Map.entry("LeNet5", List.of(TOOL + "VerbsOnBackend.java")),
            Map.entry("FashionCnn", List.of(TOOL + "VerbsOnBackend.java")),
            Map.entry("FootwearClassifier", List.of(TOOL + "VerbsOnBackend.java")),
            Map.entry("ColourShapes", List.of(TOOL + "VerbsOnBackend.java")),
            Map.entry("EdgeDetector", List.of(TOOL + "VerbsOnBackend.java")),
            Map.entry("FashionResNet", List.of(TOOL + "VerbsOnBackend.java")),
            Map.entry("InceptionNet", List.of(TOOL + "VerbsOnBackend.java")),
            // a new head on a frozen backbone (Java and OpenCL subclasses)
            Map.entry("LeNet5FiveClasses", List.of(TOOL + "ImagesAndTransferOnBackend.java")),
            // fits 16 pictures on Java, takes Java's steps on OpenCL; the course's full run is tagged long
            Map.entry("MalariaCnn", List.of(SAMPLES + "MalariaSamplesLearnTest.java", TOOL + "MalariaLongRunTest.java")),
            Map.entry("AugmentedMalariaCnn", List.of(SAMPLES + "MalariaSamplesLearnTest.java")),
            // 224x224: structure in the default suite, learning behind the tag long
            Map.entry("ResNet18", List.of(SAMPLES + "ShowcaseSamplesTest.java", SAMPLES + "GraphSamplesTest.java")),
            Map.entry("ResNet50", List.of(SAMPLES + "ShowcaseSamplesTest.java", SAMPLES + "GraphSamplesTest.java")),
            Map.entry("Vgg16", List.of(SAMPLES + "GraphSamplesTest.java")));

    private static final Pattern NETWORK = Pattern.compile("@Network\\([^)]*\\)\\s*public\\s+abstract\\s+class\\s+(\\w+)");

    @Test
    void everySampleHasALearningTestThatNamesIt() throws IOException {
        TreeSet<String> samples = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/kiln/samples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = NETWORK.matcher(Files.readString(f));
                while (m.find()) {
                    samples.add(m.group(1));
                }
            }
        }
        assertTrue(samples.size() >= 12, "samples found: " + samples);
        assertEquals(samples, new TreeSet<>(LEARNS.keySet()), "samples without a learning test (or entries without a sample)");
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : LEARNS.entrySet()) {
            for (String test : e.getValue()) {
                Path file = Path.of(test);
                if (!Files.isRegularFile(file) || !Files.readString(file).contains('"' + e.getKey() + '"')) {
                    missing.add(e.getKey() + " in " + test);
                }
            }
        }
        assertEquals(List.of(), missing, "learning tests that do not name their sample");
    }
}
