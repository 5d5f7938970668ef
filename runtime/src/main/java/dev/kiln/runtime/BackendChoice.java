package dev.kiln.runtime;

import java.util.Locale;

/**
 * Where a network runs, for {@link Backends#open(KilnModel, BackendChoice)} and
 * {@link KilnModel#open(BackendChoice)}.
 */
public enum BackendChoice {
    /** The generated Java code on the CPU's cores: always available, and the fastest on a CPU. */
    JAVA,
    /** The generated OpenCL program on the best OpenCL device (a GPU if there is one). */
    OPENCL,
    /** OpenCL on a GPU when there is one, else Java; deciding loads no OpenCL driver into this JVM. */
    AUTO;

    /**
     * The choice named by the system property {@code kiln.backend} or else the environment variable
     * {@code KILN_BACKEND} ({@code java}, {@code opencl} or {@code auto}, any case), else {@link #AUTO}.
     *
     * @throws KilnException when the setting names no backend
     */
    public static BackendChoice fromEnvironment() {
        String named = System.getProperty("kiln.backend", System.getenv("KILN_BACKEND"));
        return named == null || named.isBlank() ? AUTO : parse(named, "KILN_BACKEND");
    }

    /** {@code java}, {@code opencl} or {@code auto} in any case; {@code source} names where the text came from. */
    public static BackendChoice parse(String name, String source) {
        for (BackendChoice c : values()) {
            if (c.name().equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        throw new KilnException("unknown backend '" + name + "'" + (source != null ? " in " + source : "")
                + ": use java, opencl or auto");
    }

    /** {@code java}, {@code opencl} or {@code auto}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
