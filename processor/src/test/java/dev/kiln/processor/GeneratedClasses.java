package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import dev.kiln.runtime.KilnModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Loads the classes a compile-testing compilation produced, with this test's classpath as parent (so the runtime is there). */
public final class GeneratedClasses extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    public GeneratedClasses(Compilation compilation) {
        super(GeneratedClasses.class.getClassLoader());
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = file.toUri().getPath();
            String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(), path.length() - ".class".length());
            try (InputStream in = file.openInputStream()) {
                classes.put(name.replace('/', '.'), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /** A new instance of the generated {@code FooModel}. */
    public KilnModel model(String qualifiedName) {
        try {
            return (KilnModel) loadClass(qualifiedName).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot instantiate " + qualifiedName, e);
        }
    }

    /** A public static constant of a generated class. */
    public Object constant(String qualifiedName, String field) {
        try {
            return loadClass(qualifiedName).getField(field).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no constant " + field + " in " + qualifiedName, e);
        }
    }
}
