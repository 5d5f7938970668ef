package dev.kiln.interop.imports;

import dev.kiln.interop.keras.KerasImportTest;
import dev.kiln.interop.onnx.ExportRoundTripTest;
import dev.kiln.interop.zoo.ZooImportTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every network the import tests run, compiled in one javac run (javac's and the processor's start-up is
 * most of a compilation's cost): the torchvision zoo, the Keras models and the export round trips.
 * A network that needs a kind this build's DSL lacks is left out and listed with what it needs (the tests then
 * fail on it: the DSL has all of issue 23's kinds).
 */
public final class SharedImports {
    private static Map<String, ImportedModels.Compiled> compiled;
    private static final Map<String, String> skipped = new LinkedHashMap<>();

    private SharedImports() {
    }

    /** The compiled networks by qualified name, compiling them all on first use. */
    public static synchronized Map<String, ImportedModels.Compiled> compiled() throws Exception {
        if (compiled == null) {
            Map<String, ImportedNetwork> all = new LinkedHashMap<>();
            all.putAll(ZooImportTest.networks());
            all.putAll(KerasImportTest.networks());
            all.putAll(ExportRoundTripTest.networks());
            Map<String, ImportedNetwork> expressible = new LinkedHashMap<>();
            all.forEach((name, net) -> {
                String missing = SpecSource.unsupported(net);
                if (missing == null) {
                    expressible.put(name, net);
                } else {
                    skipped.put(name, missing);
                }
            });
            Path classes = Files.createTempDirectory("kiln-imports");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> SpecCompiler.deleteTree(classes)));
            long start = System.nanoTime();
            long cpu = cpuNanos();
            compiled = ImportedModels.compile(expressible, classes);
            System.out.printf("[imports] %d imported networks compiled in one javac run, %.1f s (%.1f s of CPU); %d left out "
                    + "for DSL kinds%n", compiled.size(), (System.nanoTime() - start) / 1e9, (cpuNanos() - cpu) / 1e9, skipped.size());
        }
        return compiled;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Why {@code name} was left out (the kind or option it needs), or null when it was compiled. */
    public static String skipped(String name) {
        return skipped.get(name);
    }
}
