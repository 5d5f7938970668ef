package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, part 4: the processor's jar alone is enough on {@code -processorpath} (it used to fail
 * with "Bad service configuration file" and NoClassDefFoundError for JavaPoet): plain javac, the
 * jar as the only processor path, the user's class path holding only what a user's project has.
 */
class ProcessorJarTest {

    static Path jarOf(String artifact) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> Path.of(p).getFileName().toString().matches(artifact + "-[0-9].*\\.jar"))
                .map(Path::of).findFirst()
                .orElseThrow(() -> new AssertionError("no " + artifact + " jar on the test class path; run through the reactor "
                        + "(mvn verify -pl tool -am) so that the packaged jar is used"));
    }

    @Test
    void theProcessorJarAloneCompilesANetworkWithPlainJavac(@TempDir Path dir) throws Exception {
        Path processor = jarOf("processor");
        try (JarFile jar = new JarFile(processor.toFile())) {
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("dev/kiln/processor/shaded/javapoet/")),
                    processor + " holds JavaPoet, relocated");
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("com/palantir/")), "and no unrelocated copy");
        }
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("Tiny.java"), String.join("\n",
                "import dev.kiln.dsl.*;",
                "@Network(channels = 1, height = 13, width = 13, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "public abstract class Tiny {",
                "    @Conv2d(filters = 3, kernel = 4, bias = false, activation = Activation.RELU) Layer conv;",
                "    @AvgPool2d(size = 2) Layer pool;",
                "    @Flatten Layer flat;",
                "    @Dense(units = 4, bias = false) Layer out;",
                "}", ""));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        // a user's compile class path: the runtime and the annotations, nothing of the processor's
        String userPath = String.join(File.pathSeparator, jarOrClasses("runtime").toString(), jarOf("dsl").toString());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-classpath", userPath, "-processorpath",
                processor.toString(), src.resolve("Tiny.java").toString());
        assertEquals(0, rc, "javac -processorpath " + processor.getFileName());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            KilnModel model = (KilnModel) loader.loadClass("TinyModel").getConstructor().newInstance();
            assertEquals(348, model.spec().parameterCount(), "3*16 + 12*... as issue 2 computed: 348 parameters");
            assertTrue(List.of(model.summary().split("\n")).contains("Total params: 348"), model.summary());
        }
    }

    /** The runtime as the reactor hands it to this module: its jar, or its classes directory. */
    static Path jarOrClasses(String module) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> p.getFileName().toString().matches(module + "-[0-9].*(?<!tests)\\.jar")
                        || p.endsWith(Path.of(module, "target", "classes")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + module + " on the class path"));
    }
}
