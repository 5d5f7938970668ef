package dev.kiln.interop.imports;

import dev.kiln.interop.AtomicWrite;
import dev.kiln.interop.InteropException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Writes an imported network the way {@code kiln import} promises: {@code DIR/com/example/Foo.java},
 * {@code DIR/Foo.safetensors} (parameters, running statistics and the input's normalisation) and the
 * compiled classes in {@code DIR/classes}, ready for {@code --classpath DIR/classes}. Everything is
 * done in memory and in a temporary folder first: a spec that would not compile is refused with
 * javac's or Kiln's message and the node it came from, and nothing is written. Classes of several
 * imports share {@code DIR/classes}; the model registration ({@code META-INF/services}) is merged.
 */
public final class ImportWriter {
    static final String SERVICES = "META-INF/services/";
    /** The checkpoint's record of where the network was imported from. */
    public static final String IMPORTED_FROM = "kiln.imported.from";

    private ImportWriter() {
    }

    /** What {@link #write} wrote. */
    public record Written(Path source, Path weights, Path classes, int layers, long parameters, NetworkSpec spec) {}

    /** Checks {@code qualifiedName} is a Java class name. */
    public static void checkName(String qualifiedName) {
        if (!SourceVersion.isName(qualifiedName)) {
            throw new InteropException("--name " + qualifiedName + " is not a Java class name such as com.example.Foo");
        }
    }

    /** Imports {@code net} as {@code qualifiedName} into {@code outDir}; {@code origin} names the source file. */
    public static Written write(ImportedNetwork net, String qualifiedName, String origin, Path outDir) {
        checkName(qualifiedName);
        String source = SpecSource.write(qualifiedName, net, origin);
        Path scratch = scratch();
        try {
            List<SpecCompiler.Error> errors = SpecCompiler.compile(Map.of(qualifiedName, source), scratch);
            if (!errors.isEmpty()) {
                throw new InteropException(origin + ": " + explain(errors.get(0), source, net.layers()) + " Nothing was written.");
            }
            NetworkSpec spec;
            Checkpoints.Loaded loaded;
            try (URLClassLoader loader = new URLClassLoader(new URL[] {scratch.toUri().toURL()},
                    ImportWriter.class.getClassLoader())) {
                spec = ((KilnModel) loader.loadClass(qualifiedName + "Model").getDeclaredConstructor().newInstance()).spec();
                loaded = weights(net, spec);
            } catch (ReflectiveOperationException | IOException | LinkageError e) {
                throw new InteropException(origin + ": the compiled spec " + qualifiedName + " cannot be loaded: " + e, e);
            }
            String simple = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
            Path sourceFile = outDir.resolve(qualifiedName.replace('.', '/') + ".java");
            Path weightsFile = outDir.resolve(simple + ".safetensors");
            Path classes = outDir.resolve("classes");
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(IMPORTED_FROM, origin);
            if (net.normalize() != null) {
                metadata.put(Dataset.METADATA_NORMALIZE, net.normalize().toString());
            }
            AtomicWrite.bytes(sourceFile, source.getBytes(StandardCharsets.UTF_8));
            Checkpoints.save(weightsFile, spec, loaded.params(), loaded.state(), metadata);
            mergeClasses(scratch, classes);
            return new Written(sourceFile, weightsFile, classes, net.layers().size(), spec.parameterCount(), spec);
        } finally {
            SpecCompiler.deleteTree(scratch);
        }
    }

    /**
     * The parameters and running statistics of {@code spec} (the compiled import of {@code net}) from
     * the imported tensors, matched by layer name and checked by shape.
     */
    public static Checkpoints.Loaded weights(ImportedNetwork net, NetworkSpec spec) {
        Map<String, ImportedLayer> byName = new HashMap<>();
        for (ImportedLayer l : net.layers()) {
            byName.put(l.name, l);
        }
        float[] params = new float[spec.parameterCount()];
        float[] state = new float[spec.stateCount()];
        for (ParamSpec p : spec.params()) {
            copy(p, byName, params, false);
        }
        for (ParamSpec p : spec.state()) {
            if (p.shape().length == 0) {
                continue; // num_batches_tracked: no batches seen here
            }
            copy(p, byName, state, true);
        }
        return new Checkpoints.Loaded(params, state);
    }

    private static void copy(ParamSpec p, Map<String, ImportedLayer> byName, float[] into, boolean isState) {
        int dot = p.name().lastIndexOf('.');
        ImportedLayer l = byName.get(p.name().substring(0, dot));
        String role = p.name().substring(dot + 1);
        ImportedLayer.Tensor t = l == null ? null : (isState ? l.state : l.params).get(role);
        if (t == null || !Arrays.equals(t.shape(), p.shape())) {
            throw new InteropException("the imported spec's " + p.name() + " of shape " + Arrays.toString(p.shape())
                    + (t == null ? " has no imported values" : " was imported with shape " + Arrays.toString(t.shape()))
                    + (l == null ? "" : " (from " + l.origin() + ")") + "; this is a bug in kiln import. Nothing was written.");
        }
        System.arraycopy(t.values(), 0, into, p.offset(), p.size());
    }

    /** javac's or Kiln's message for the first error, with the layer on that line and the nodes it came from. */
    static String explain(SpecCompiler.Error e, String source, List<ImportedLayer> layers) {
        String[] lines = source.split("\n", -1);
        String at = "";
        if (e.line() >= 1 && e.line() <= lines.length) {
            String line = lines[(int) e.line() - 1];
            for (ImportedLayer l : layers) {
                if (line.endsWith(" Layer " + l.name + ";")) {
                    at = " (layer " + l.name + ", from " + String.join(", ", l.nodes) + ")";
                }
            }
        }
        return "the imported spec does not compile: " + e.message().replace('\n', ' ') + at + ".";
    }

    /**
     * Compiles spec sources (files) into the class folder {@code classes}, as {@code kiln import} does, for
     * an imported spec edited by hand; the errors, none when everything compiled (then the classes are there).
     */
    public static List<SpecCompiler.Error> compileInto(List<Path> sources, Path classes) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path f : sources) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InteropException("cannot read " + f + ": " + e.getMessage(), e);
            }
            java.util.regex.Matcher pkg = java.util.regex.Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;").matcher(text);
            String simple = f.getFileName().toString().replaceFirst("\\.java$", "");
            texts.put(pkg.find() ? pkg.group(1) + "." + simple : simple, text);
        }
        Path scratch = scratch();
        try {
            List<SpecCompiler.Error> errors = SpecCompiler.compile(texts, scratch);
            if (errors.isEmpty()) {
                mergeClasses(scratch, classes);
            }
            return errors;
        } finally {
            SpecCompiler.deleteTree(scratch);
        }
    }

    /** A fresh temporary folder to compile into, so that nothing reaches the user's folder unless everything compiled. */
    private static Path scratch() {
        try {
            return Files.createTempDirectory("kiln-compile");
        } catch (IOException e) {
            throw new InteropException("cannot create a temporary folder to compile in: " + e, e);
        }
    }

    /** Copies {@code from}'s files into {@code to}, merging model registrations with those already there. */
    static void mergeClasses(Path from, Path to) {
        try (var walk = Files.walk(from)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String relative = from.relativize(f).toString().replace('\\', '/');
                Path target = to.resolve(relative);
                Files.createDirectories(target.getParent());
                if (relative.startsWith(SERVICES) && Files.exists(target)) {
                    Set<String> lines = new LinkedHashSet<>();
                    for (Path p : List.of(target, f)) {
                        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                            if (!line.isBlank()) {
                                lines.add(line.strip());
                            }
                        }
                    }
                    AtomicWrite.bytes(target, (String.join("\n", new ArrayList<>(lines)) + "\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new InteropException("cannot write the compiled classes to " + to + ": " + e, e);
        }
    }
}
