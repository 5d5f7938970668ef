package dev.kiln.tool;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.io.File;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every verb shares: where to print, the class loader that sees the user's
 * {@code --classpath}, the model lookup, the backend choice and loading weights.
 */
final class Session {
    /** Options every verb accepts. */
    static final List<Option> COMMON = List.of(
            Option.value("classpath", "PATH", "directories and jars with compiled @Network specs, separated by '"
                    + File.pathSeparator + "' as for java -cp"),
            Option.value("backend", "java|opencl|auto", "where the network runs (default: auto, OpenCL on a GPU if there is one, else java)"),
            Option.value("device", "N", "OpenCL device index as 'kiln devices' lists them (default: the best)"),
            Option.flag("help", "show this verb's help"));

    static final List<String> BACKENDS = List.of("java", "opencl", "auto");

    final PrintStream out;
    final PrintStream err;
    private final Args args;
    private ClassLoader loader;

    Session(Args args, PrintStream out, PrintStream err) {
        this.args = args;
        this.out = out;
        this.err = err;
    }

    /** The class loader over the samples and {@code --classpath}. */
    ClassLoader loader() {
        if (loader == null) {
            loader = classLoader(args.string("classpath", null));
        }
        return loader;
    }

    /** The generated model of spec {@code name} (simple or qualified). */
    KilnModel model(String name) {
        ClassLoader l = loader();
        Thread.currentThread().setContextClassLoader(l);
        return Models.find(name, l);
    }

    /** Opens the backend {@code --backend} and {@code --device} choose, saying which on {@code out}. */
    Backend backend(KilnModel model, OptimizerConfig optimizer) {
        String choice = args.choice("backend", "auto", BACKENDS);
        int device = args.integer("device", -1, 0);
        return Backends.open(model, choice, device, optimizer, out);
    }

    /** The parameters in {@code --weights FILE}, checked against the network. */
    float[] weights(KilnModel model) {
        Path file = Path.of(args.required("weights", "a safetensors file written by kiln train, e.g. runs/"
                + model.spec().simpleName() + "/best.safetensors"));
        if (!Files.isRegularFile(file)) {
            throw new KilnException("--weights " + file + ": no such file. Train first: ./kiln train "
                    + model.spec().simpleName() + " --out runs/" + model.spec().simpleName()
                    + ", then pass --weights runs/" + model.spec().simpleName() + "/best.safetensors");
        }
        return Checkpoints.load(file, model.spec());
    }

    /** The metadata of {@code --weights FILE} (class names, resize, normalisation); call after {@link #weights}. */
    java.util.Map<String, String> weightsMetadata() {
        return Checkpoints.metadata(Path.of(args.required("weights", "a safetensors file written by kiln train")));
    }

    static ClassLoader classLoader(String classpath) {
        ClassLoader parent = Session.class.getClassLoader();
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
