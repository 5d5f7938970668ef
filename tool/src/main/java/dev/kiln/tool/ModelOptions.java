package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The mixin of verbs that work on one network: the positional {@code SPEC} and {@code --classpath}. */
final class ModelOptions {
    @Parameters(index = "0", arity = "1", paramLabel = "SPEC", description = "a @Network class by simple or qualified name, "
            + "e.g. LeNet5 or com.example.MyNet")
    String spec;

    @Option(names = "--classpath", paramLabel = "PATH", description = "directories and jars with compiled @Network specs, "
            + "separated by '${sys:path.separator}' as for java -cp")
    String classpath;

    private ClassLoader loader;

    /** The class loader over the samples and {@code --classpath}. */
    ClassLoader loader() {
        if (loader == null) {
            loader = classLoader(classpath);
        }
        return loader;
    }

    /** The generated model of {@code SPEC}. */
    KilnModel model() {
        ClassLoader l = loader();
        Thread.currentThread().setContextClassLoader(l);
        return Models.find(spec, l);
    }

    static ClassLoader classLoader(String classpath) {
        ClassLoader parent = ModelOptions.class.getClassLoader();
        if (classpath == null || classpath.isBlank()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String part : classpath.split(File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            Path p = Path.of(part);
            if (!Files.exists(p)) {
                throw new KilnException("--classpath: " + p + " does not exist; give the directories or jars that hold "
                        + "the compiled @Network classes and their generated models");
            }
            try {
                urls.add(p.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new KilnException("--classpath: " + p + " is not a usable path: " + e.getMessage(), e);
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }
}
