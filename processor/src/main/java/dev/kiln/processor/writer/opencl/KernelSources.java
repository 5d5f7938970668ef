package dev.kiln.processor.writer.opencl;

import dev.kiln.dsl.Activation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel templates' text ({@code dev/kiln/opencl/<family>.cl} in the opencl-kernels module) and the
 * prelude every program starts with ({@code prelude.cl}: the {@code real} type, the activations and
 * their derivatives, index helpers and the window arithmetic), preceded by the constants it takes from the DSL
 * ({@code KILN_LEAKY_SLOPE} from {@link Activation#LEAKY_RELU_SLOPE}). A program is
 * {@link #prelude()} once, then each template instance; {@link #standalone(String)} is what one
 * template compiles as on its own.
 */
public final class KernelSources {
    private static final Map<String, String> LOADED = new ConcurrentHashMap<>();

    private KernelSources() {
    }

    /** The prelude with its constants defined: what every program starts with. */
    public static String prelude() {
        return "#define KILN_LEAKY_SLOPE " + Float.toString((float) Activation.LEAKY_RELU_SLOPE) + "f\n" + text("prelude");
    }

    /** The text of template {@code family} ({@code conv}, {@code pool}, ...), read once from the classpath. */
    public static String text(String family) {
        return LOADED.computeIfAbsent(family, KernelSources::load);
    }

    /** Template {@code family} after the prelude, every parameter at its default: a program of its own. */
    public static String standalone(String family) {
        return prelude() + text(family);
    }

    private static String load(String family) {
        String path = "dev/kiln/opencl/" + family + ".cl";
        try (InputStream in = KernelSources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("kernel template " + path + " is not on the class path "
                        + "(it comes from the opencl-kernels module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading kernel template " + path, e);
        }
    }
}
