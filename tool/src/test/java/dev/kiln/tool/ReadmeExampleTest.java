package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.Required;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example compiles and runs exactly as written: its {@code LeNet5} network class
 * through javac with Kiln's processor, then its {@code TrainLeNet5} program against the runtime,
 * in a fresh JVM, on the real Fashion-MNIST.
 */
class ReadmeExampleTest {

    static List<String> javaBlocks() throws Exception {
        String readme = Files.readString(FreshJvm.ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    static String block(List<String> blocks, String containing) {
        return blocks.stream().filter(b -> b.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("the README has no Java block with " + containing));
    }

    @Test
    void theJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        Required.that(SmallFashionMnist.available() || !Required.ci(), "Fashion-MNIST is not installed");
        List<String> blocks = javaBlocks();
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("LeNet5.java"), block(blocks, "public abstract class LeNet5"));
        String program = block(blocks, "public class TrainLeNet5");
        // issue 26 item 11: the task is said once, and settings are named, not positional
        assertEquals(1, program.split("Task\\.classification\\(\\)", -1).length - 1, program);
        assertFalse(program.matches("(?s).*OptimizerConfig\\.(sgd|adam)\\([^)].*"), program);
        Files.writeString(src.resolve("TrainLeNet5.java"), program);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = System.getProperty("java.class.path");
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-classpath", cp, "-processorpath", cp,
                src.resolve("LeNet5.java").toString(), src.resolve("TrainLeNet5.java").toString());
        assertEquals(0, rc, "the README's example compiles as written");
        assertTrue(Files.isRegularFile(classes.resolve("LeNet5Model.class")), "the processor generated LeNet5Model");

        assumeTrue(SmallFashionMnist.available(), "Fashion-MNIST is not installed; compiled but not run");
        FreshJvm run = FreshJvm.javaIn(dir, classes + File.pathSeparator + cp, Map.of(), "TrainLeNet5");
        assertEquals(0, run.status(), run.toString());
        Matcher accuracy = Pattern.compile("test accuracy: (0\\.\\d{4})").matcher(run.out());
        assertTrue(accuracy.find(), run.toString());
        // 200 SGD steps of 64 images reach well above chance (0.1); a broken optimiser or data path would not
        assertTrue(Double.parseDouble(accuracy.group(1)) > 0.6, run.toString());
        assertTrue(run.out().contains("epoch 1/1: loss "), "progress is shown by default: " + run.out());
        assertTrue(run.out().contains("sgd lr 0.01"), "the configured optimiser is the one named and run: " + run.out());
        assertTrue(run.out().matches("(?s).*image 0: \\S.* \\(\\d\\.\\d\\d\\)\\n.*"), run.out());
        assertTrue(Files.isRegularFile(dir.resolve("runs/TrainLeNet5/best.safetensors")), "the checkpoint the model was loaded from");
        // Fashion-MNIST's names come from the checkpoint: the prediction is named, not "class 9"
        assertFalse(run.out().contains("image 0: class "), run.out());
    }
}
