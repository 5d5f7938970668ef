package dev.kiln.processor.javagen;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import dev.kiln.processor.writer.GeneratedNames;
import dev.kiln.processor.writer.java.JavaPassWriter;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.NetworkSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Generates, compiles (one javac run for many specs) and loads {@code FooJavaPass} classes.
 * {@code -Dkiln.dump=DIR} writes the generated sources there, to read them.
 */
final class GeneratedPasses {
    private final Map<String, Class<?>> classes = new HashMap<>();

    private GeneratedPasses() {
    }

    static GeneratedPasses compile(List<NetworkSpec> specs) {
        List<JavaFileObject> sources = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (NetworkSpec spec : specs) {
            JavaFile file = JavaPassWriter.write(spec, null);
            String name = GeneratedNames.javaPass(spec).canonicalName();
            String text = file.toString();
            texts.put(name, text);
            sources.add(JavaFileObjects.forSourceString(name, text));
        }
        dump(texts);
        Compilation c = javac().withOptions("-Xlint:none").compile(sources);
        if (c.status() != Compilation.Status.SUCCESS) {
            StringBuilder sb = new StringBuilder("generated code does not compile:\n");
            c.errors().forEach(d -> sb.append(d).append('\n'));
            String first = texts.values().iterator().next();
            throw new AssertionError(sb + (specs.size() == 1 ? first : ""));
        }
        Map<String, byte[]> bytes = new HashMap<>();
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = f.toUri().getPath();
            String binary = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(), path.length() - 6)
                    .replace('/', '.');
            try (InputStream in = f.openInputStream()) {
                bytes.put(binary, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ClassLoader loader = new ClassLoader(GeneratedPasses.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = bytes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        GeneratedPasses out = new GeneratedPasses();
        for (String name : texts.keySet()) {
            try {
                out.classes.put(name, loader.loadClass(name));
            } catch (ClassNotFoundException e) {
                throw new AssertionError("compiled " + name + " but found no class file for it", e);
            }
        }
        return out;
    }

    private static void dump(Map<String, String> texts) {
        String dir = System.getProperty("kiln.dump");
        if (dir == null) {
            return;
        }
        try {
            for (Map.Entry<String, String> e : texts.entrySet()) {
                java.nio.file.Path p = java.nio.file.Path.of(dir, e.getKey() + ".java");
                java.nio.file.Files.createDirectories(p.getParent());
                java.nio.file.Files.writeString(p, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new pass for {@code spec} on the shared pool. */
    JavaPass newPass(NetworkSpec spec) {
        return instantiate(spec, null);
    }

    /** A new pass for {@code spec} on {@code pool}. */
    JavaPass newPass(NetworkSpec spec, WorkerPool pool) {
        return instantiate(spec, pool);
    }

    private JavaPass instantiate(NetworkSpec spec, WorkerPool pool) {
        Class<?> c = classes.get(GeneratedNames.javaPass(spec).canonicalName());
        if (c == null) {
            throw new IllegalArgumentException("no pass compiled for " + spec.qualifiedName());
        }
        try {
            return pool == null ? (JavaPass) c.getConstructor().newInstance()
                    : (JavaPass) c.getConstructor(WorkerPool.class).newInstance(pool);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot instantiate " + c.getName(), e);
        }
    }
}
