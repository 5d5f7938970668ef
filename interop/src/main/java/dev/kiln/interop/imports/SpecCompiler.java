package dev.kiln.interop.imports;

import dev.kiln.interop.InteropException;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles spec sources with javac and Kiln's annotation processor, in this JVM (javax.tools), into a
 * class folder, as a user's build would: the processor comes from this JVM's class path (the tool
 * carries it), the class path of the compilation is this JVM's. Several specs compiled together share
 * one javac run, which is most of the cost.
 */
public final class SpecCompiler {
    private static final String PROCESSOR = "dev.kiln.processor.KilnProcessor";

    private SpecCompiler() {
    }

    /** One error javac or the processor reported: the source's qualified name, its line, and the message. */
    public record Error(String spec, long line, String message) {}

    /**
     * Compiles {@code sources} (qualified name to Java source) into {@code classes}; returns the errors,
     * empty when everything compiled.
     */
    public static List<Error> compile(Map<String, String> sources, Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new InteropException("compiling the imported spec needs javac, which this Java runtime lacks: run kiln "
                    + "with a JDK (java from a JDK 17 or later), not a JRE");
        }
        Processor processor = processor();
        try {
            Files.createDirectories(classes);
        } catch (IOException e) {
            throw new InteropException("cannot create " + classes + ": " + e, e);
        }
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new Source(name, text)));
        // JDK 21 and later want processing asked for explicitly (-proc:full); 17 to 20 do not know the option
        List<String> options = new ArrayList<>(List.of("-Xlint:none", "-nowarn", "-implicit:none"));
        if (Runtime.version().feature() >= 21) {
            options.add("-proc:full");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path generated = classes.resolve(".generated-sources");
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Files.createDirectories(generated);
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
            files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath());
            JavaCompiler.CompilationTask task = javac.getTask(new StringWriter(), files, diagnostics, options, null, units);
            task.setProcessors(List.of(processor));
            task.call();
        } catch (IOException e) {
            throw new InteropException("compiling the imported spec failed: " + e, e);
        } finally {
            deleteTree(generated);
        }
        return errors(diagnostics);
    }

    private static List<Error> errors(DiagnosticCollector<JavaFileObject> diagnostics) {
        List<Error> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String spec = d.getSource() instanceof Source s ? s.qualifiedName : d.getSource() == null ? ""
                        : d.getSource().getName();
                errors.add(new Error(spec, d.getLineNumber(), d.getMessage(Locale.ROOT)));
            }
        }
        return errors;
    }

    /** Kiln's processor, found on this JVM's class path. */
    private static Processor processor() {
        for (Processor p : ServiceLoader.load(Processor.class, SpecCompiler.class.getClassLoader())) {
            if (p.getClass().getName().equals(PROCESSOR)) {
                return p;
            }
        }
        throw new InteropException("Kiln's annotation processor (" + PROCESSOR + ") is not on the class path, so the "
                + "imported spec cannot be compiled; run kiln from its build (./kiln), which carries it");
    }

    /**
     * This JVM's class path, plus the jars or folders of the DSL and the runtime (which the generated
     * code needs) wherever they were loaded from: a launcher's wildcard or a manifest-only jar (as
     * Maven's test runner uses) would otherwise hide them.
     */
    static List<Path> classPath() {
        Set<Path> paths = new LinkedHashSet<>();
        for (String part : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!part.isBlank()) {
                paths.add(Path.of(part));
            }
        }
        for (String anchor : List.of("dev.kiln.dsl.Network", "dev.kiln.runtime.KilnModel", "dev.kiln.spec.NetworkSpec",
                "org.jocl.CL")) {
            try {
                CodeSource source = Class.forName(anchor, false, SpecCompiler.class.getClassLoader())
                        .getProtectionDomain().getCodeSource();
                if (source != null && source.getLocation() != null) {
                    paths.add(Path.of(source.getLocation().toURI()));
                }
            } catch (ClassNotFoundException | URISyntaxException | IllegalArgumentException | SecurityException e) {
                // not loaded from a file: the class path above has it, or javac says what is missing
            }
        }
        return List.copyOf(paths);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary folder is untidy, not wrong
        }
    }

    /** A source held in memory under its qualified name. */
    private static final class Source extends SimpleJavaFileObject {
        final String qualifiedName;
        private final String text;

        Source(String qualifiedName, String text) {
            super(java.net.URI.create("string:///" + qualifiedName.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.qualifiedName = qualifiedName;
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
