package dev.kiln.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.processor.Kiln;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Random specs through the real processor, many classes per javac run. The oracle sorts each spec
 * into valid or invalid; valid ones are compiled together and must compile, generated sources
 * included, with a model generated for each; invalid ones are compiled together and each must
 * fail with a {@code [kiln:} error in its own file, and every error there must be Kiln's. No
 * {@code [kiln:internal]} error may appear anywhere.
 */
class SpecFuzzTest {
    private static final int BATCH = 250;
    /**
     * javac's own switch to stop after attribution and flow analysis when there is no error: every
     * generated source is still fully type-checked, but no bytecode is written, which is most of
     * the time a batch would otherwise take.
     */
    private static final String STOP_AFTER_FLOW = "-XDshould-stop.ifNoError=FLOW";

    @Test
    void everySpecIsAcceptedOrRefusedExactlyAsTheOracleSays() {
        int count = Integer.getInteger("kiln.fuzz", 10_000);
        long seed = Long.getLong("kiln.fuzz.seed", 20_261_123L);
        SpecGenerator generator = new SpecGenerator(seed, 0.04);
        List<FuzzSpec> valid = new ArrayList<>();
        List<FuzzSpec> invalid = new ArrayList<>();
        int validCount = 0;
        int invalidCount = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            FuzzSpec spec = generator.next(String.format(Locale.ROOT, "S%05d", i));
            if (Oracle.whyInvalid(spec) == null) {
                valid.add(spec);
                validCount++;
            } else {
                invalid.add(spec);
                invalidCount++;
            }
            if (valid.size() == BATCH) {
                checkValid(valid);
                valid.clear();
            }
            if (invalid.size() == BATCH) {
                checkInvalid(invalid);
                invalid.clear();
            }
        }
        if (!valid.isEmpty()) {
            checkValid(valid);
        }
        if (!invalid.isEmpty()) {
            checkInvalid(invalid);
        }
        System.out.printf(Locale.ROOT, "kiln.fuzz: %d specs (seed %d): %d valid compiled with their generated sources, "
                + "%d invalid refused with a Kiln error in their own file, 0 internal errors, in %.1f s%n",
                count, seed, validCount, invalidCount, (System.nanoTime() - start) / 1e9);
        assertEquals(count, validCount + invalidCount);
    }

    private static void checkValid(List<FuzzSpec> specs) {
        long t = System.nanoTime();
        Compilation c = Kiln.compiler(STOP_AFTER_FLOW).compile(files(specs));
        if (Boolean.getBoolean("kiln.fuzz.verbose")) {
            System.out.printf(Locale.ROOT, "valid batch of %d: %.1f s%n", specs.size(), (System.nanoTime() - t) / 1e9);
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
            errors.add(where(d) + ": " + d.getMessage(Locale.ROOT));
        }
        if (!errors.isEmpty()) {
            fail("specs the oracle calls valid failed to compile:\n" + String.join("\n", errors) + "\n" + sourcesNamed(specs, errors));
        }
        // generatedFiles() formats every diagnostic on each call: list the files once.
        java.util.Set<String> generated = new java.util.HashSet<>();
        for (JavaFileObject f : c.generatedSourceFiles()) {
            generated.add(f.getName());
        }
        for (FuzzSpec spec : specs) {
            assertTrue(generated.contains("/SOURCE_OUTPUT/fuzz/" + spec.className() + "Model.java"),
                    () -> spec.className() + " has no model among " + generated.size() + " generated files");
        }
    }

    private static void checkInvalid(List<FuzzSpec> specs) {
        long t = System.nanoTime();
        Compilation c = Kiln.compiler(STOP_AFTER_FLOW).compile(files(specs));
        if (Boolean.getBoolean("kiln.fuzz.verbose")) {
            System.out.printf(Locale.ROOT, "invalid batch of %d: %.1f s%n", specs.size(), (System.nanoTime() - t) / 1e9);
        }
        assertEquals(Compilation.Status.FAILURE, c.status());
        Map<String, Integer> kilnErrors = new HashMap<>();
        for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
            String message = d.getMessage(Locale.ROOT);
            if (!message.startsWith("[kiln:") || message.startsWith("[kiln:internal]")) {
                fail("not a Kiln validation error at " + where(d) + ": " + message);
            }
            kilnErrors.merge(where(d), 1, Integer::sum);
        }
        for (FuzzSpec spec : specs) {
            if (!kilnErrors.containsKey(spec.className())) {
                fail(spec.className() + " is invalid (" + Oracle.whyInvalid(spec) + ") but compiled without a Kiln error:\n"
                        + spec.source());
            }
        }
    }

    private static JavaFileObject[] files(List<FuzzSpec> specs) {
        return specs.stream().map(s -> JavaFileObjects.forSourceString(s.qualifiedName(), s.source())).toArray(JavaFileObject[]::new);
    }

    /** The spec class a diagnostic is in, from its file name. */
    private static String where(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null) {
            return "<no file>";
        }
        String name = d.getSource().getName();
        return name.substring(name.lastIndexOf('/') + 1).replace(".java", "");
    }

    private static String sourcesNamed(List<FuzzSpec> specs, List<String> errors) {
        StringBuilder b = new StringBuilder();
        for (FuzzSpec s : specs) {
            if (errors.stream().anyMatch(e -> e.startsWith(s.className()))) {
                b.append(s.source());
            }
        }
        return b.toString();
    }
}
