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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Random specs through the real processor, many classes per javac run. The oracle sorts each spec
 * into valid or invalid; valid ones are compiled together and must compile, generated sources
 * included, with a model generated for each whose constants (total parameters and multiplies, and
 * every layer's shape, size, parameters and multiplies) equal the oracle's; invalid ones are compiled together and each must
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
        Map<String, JavaFileObject> generated = new HashMap<>();
        for (JavaFileObject f : c.generatedSourceFiles()) {
            generated.put(f.getName(), f);
        }
        for (FuzzSpec spec : specs) {
            JavaFileObject model = generated.get("/SOURCE_OUTPUT/fuzz/" + spec.className() + "Model.java");
            assertTrue(model != null, () -> spec.className() + " has no model among " + generated.size() + " generated files");
            checkFigures(spec, model);
        }
    }

    private static final Pattern CONSTANT = Pattern.compile("public static final (?:int|long) ([A-Z0-9_]+) = (-?\\d+)L?;");
    private static final List<String> PER_LAYER = List.of("CHANNELS", "HEIGHT", "WIDTH", "SIZE", "PARAMS", "MULTIPLIES");

    /**
     * The generated model's constants against the oracle's own arithmetic: total parameters and
     * multiplies, and for every layer in order its output (channels, height, width), size,
     * parameters and multiplies per image.
     */
    private static void checkFigures(FuzzSpec spec, JavaFileObject model) {
        List<Oracle.Figures> expected = new ArrayList<>();
        assertEquals(null, Oracle.analyse(spec, expected));
        String source;
        try {
            source = model.getCharContent(true).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, Long> totals = new HashMap<>();
        List<long[]> layers = new ArrayList<>();
        Matcher m = CONSTANT.matcher(source);
        while (m.find()) {
            String name = m.group(1);
            long value = Long.parseLong(m.group(2));
            if (name.equals("TOTAL_PARAMS") || name.equals("TOTAL_MULTIPLIES")) {
                totals.put(name, value);
                continue;
            }
            if (!totals.containsKey("TOTAL_MULTIPLIES")) {
                continue; // the input's and output's constants come first
            }
            String suffix = name.substring(name.lastIndexOf('_') + 1);
            int field = PER_LAYER.indexOf(suffix);
            assertTrue(field >= 0, spec.className() + ": unexpected constant " + name);
            if (field == 0) {
                layers.add(new long[PER_LAYER.size()]);
            }
            layers.get(layers.size() - 1)[field] = value;
        }
        String where = spec.className() + " (" + spec.layers().size() + " layers)";
        long params = expected.stream().mapToLong(Oracle.Figures::params).sum();
        long multiplies = expected.stream().mapToLong(Oracle.Figures::multiplies).sum();
        assertEquals(params, totals.get("TOTAL_PARAMS"), where + ": total parameters");
        assertEquals(multiplies, totals.get("TOTAL_MULTIPLIES"), where + ": total multiplies");
        assertEquals(expected.size(), layers.size(), where + ": layers with constants");
        for (int i = 0; i < expected.size(); i++) {
            Oracle.Figures e = expected.get(i);
            long[] a = layers.get(i);
            String layer = where + ", layer " + spec.layers().get(i).name() + " (" + spec.layers().get(i).kind() + ")";
            assertEquals(List.of(e.channels(), e.height(), e.width(), e.channels() * e.height() * e.width(), e.params(), e.multiplies()),
                    List.of(a[0], a[1], a[2], a[3], a[4], a[5]), layer + ": (channels, height, width, size, params, multiplies)");
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
