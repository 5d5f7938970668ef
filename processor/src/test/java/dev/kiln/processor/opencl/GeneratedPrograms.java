package dev.kiln.processor.opencl;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import dev.kiln.opencl.OpenClProgram;
import dev.kiln.processor.writer.GeneratedNames;
import dev.kiln.processor.writer.opencl.OpenClWriter;
import dev.kiln.spec.NetworkSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.JavaFileObject;

/** Generates {@code FooOpenCl} for a spec, compiles it in memory with javac and loads it. */
final class GeneratedPrograms {
    private static final Map<String, OpenClProgram> LOADED = new ConcurrentHashMap<>();

    private GeneratedPrograms() {
    }

    static OpenClProgram load(NetworkSpec spec) {
        return LOADED.computeIfAbsent(key(spec), k -> compile(List.of(spec)).get(0));
    }

    /**
     * Generates and loads every spec's program with one javac run (the random networks: one run per
     * network would cost javac's start-up each time); later {@link #load} calls find them.
     */
    static void preload(List<NetworkSpec> specs) {
        List<NetworkSpec> missing = specs.stream().filter(s -> !LOADED.containsKey(key(s))).toList();
        List<OpenClProgram> programs = missing.isEmpty() ? List.of() : compile(missing);
        for (int i = 0; i < missing.size(); i++) {
            LOADED.putIfAbsent(key(missing.get(i)), programs.get(i));
        }
    }

    private static String key(NetworkSpec spec) {
        return spec.qualifiedName() + spec.toString() + OpenClWriter.source(spec).hashCode();
    }

    private static List<OpenClProgram> compile(List<NetworkSpec> specs) {
        List<JavaFileObject> sources = new ArrayList<>();
        for (NetworkSpec spec : specs) {
            JavaFile file = OpenClWriter.write(spec, null);
            sources.add(JavaFileObjects.forSourceString(GeneratedNames.openCl(spec).canonicalName(), file.toString()));
        }
        Compilation c = Compiler.javac().compile(sources);
        assertThat(c).succeeded();
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() == JavaFileObject.Kind.CLASS) {
                String path = f.toUri().getPath();
                String binary = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
                        path.length() - ".class".length()).replace('/', '.');
                try (InputStream in = f.openInputStream()) {
                    classes.put(binary, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        ClassLoader loader = new ClassLoader(GeneratedPrograms.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String n) throws ClassNotFoundException {
                byte[] b = classes.get(n);
                if (b == null) {
                    throw new ClassNotFoundException(n);
                }
                return defineClass(n, b, 0, b.length);
            }
        };
        List<OpenClProgram> programs = new ArrayList<>();
        for (NetworkSpec spec : specs) {
            String name = GeneratedNames.openCl(spec).canonicalName();
            try {
                programs.add((OpenClProgram) loader.loadClass(name).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("loading the generated " + name, e);
            }
        }
        return programs;
    }
}
