package dev.kiln.processor.opencl;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import dev.kiln.processor.writer.GeneratedNames;
import dev.kiln.processor.writer.opencl.OpenClWriter;
import dev.kiln.runtime.opencl.OpenClProgram;
import dev.kiln.spec.NetworkSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.JavaFileObject;

/** Generates {@code FooOpenCl} for a spec, compiles it in memory with javac and loads it. */
final class GeneratedPrograms {
    private static final Map<String, OpenClProgram> LOADED = new ConcurrentHashMap<>();

    private GeneratedPrograms() {
    }

    static OpenClProgram load(NetworkSpec spec) {
        return LOADED.computeIfAbsent(spec.qualifiedName() + spec.toString() + OpenClWriter.source(spec).hashCode(),
                k -> compile(spec));
    }

    private static OpenClProgram compile(NetworkSpec spec) {
        JavaFile file = OpenClWriter.write(spec, null);
        String name = GeneratedNames.openCl(spec).canonicalName();
        Compilation c = Compiler.javac().compile(JavaFileObjects.forSourceString(name, file.toString()));
        assertThat(c.status()).isEqualTo(Compilation.Status.SUCCESS);
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
        try {
            return (OpenClProgram) loader.loadClass(name).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("loading the generated " + name, e);
        }
    }
}
