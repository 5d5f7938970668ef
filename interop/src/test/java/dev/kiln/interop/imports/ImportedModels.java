package dev.kiln.interop.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imported networks compiled together in one javac run (the processor's and javac's start-up is most
 * of a compilation's cost), loaded as {@code --classpath} would load them, with their imported weights.
 */
public final class ImportedModels {
    /** One imported and compiled network. */
    public record Compiled(String name, ImportedNetwork net, String source, KilnModel model, Checkpoints.Loaded weights) {}

    private ImportedModels() {
    }

    /**
     * Compiles {@code nets} (qualified name to network) into {@code classes}; fails the test on any compile
     * error. Networks that need a kind this build's DSL lacks are left out and listed in {@code skipped}.
     */
    public static Map<String, Compiled> compile(Map<String, ImportedNetwork> nets, Path classes) throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        nets.forEach((name, net) -> sources.put(name, SpecSource.write(name, net, name)));
        List<SpecCompiler.Error> errors = SpecCompiler.compile(sources, classes);
        assertEquals(List.of(), errors, "the imported specs compile");
        ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ImportedModels.class.getClassLoader());
        Map<String, Compiled> out = new LinkedHashMap<>();
        for (var e : nets.entrySet()) {
            KilnModel model = Models.find(e.getKey(), loader);
            out.put(e.getKey(), new Compiled(e.getKey(), e.getValue(), sources.get(e.getKey()), model,
                    ImportWriter.weights(e.getValue(), model.spec())));
        }
        return out;
    }

    /** The outputs for {@code count} inputs on {@code backend} ("java" or "opencl"), as predict computes them. */
    public static float[] predict(Compiled c, String backend, float[] input, int count) {
        int out = c.model().spec().output().intSize();
        float[] result = new float[count * out];
        try (Backend b = Backends.open(c.model(), backend, -1, OptimizerConfig.adam().build(),
                new PrintStream(OutputStream.nullOutputStream()))) {
            b.setParameters(c.weights().params());
            b.setState(c.weights().state());
            b.plan(count);
            b.predict(input, count, result);
        }
        return result;
    }
}
