package dev.kiln.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a contestant's own JVM is launched: this JVM's java and class path, plus what each framework
 * needs. Every contestant runs in a JVM of its own: libtorch and ND4J each bring an OpenMP runtime and
 * their own native thread pools, and one framework's idle spinning threads must not slow the other.
 *
 * <ul>
 *   <li>{@code dl4j}: {@code -Dorg.eclipse.deeplearning4j.helpers.disable=false}, without which DL4J
 *       1.0.0-M2.1 never uses its oneDNN layer helpers (and {@code org.nd4j.nativeblas.Nd4jCpu}, our
 *       compatibility class, for the check those helpers make).</li>
 *   <li>{@code djl}: offline ({@code -Dai.djl.offline=true}), libtorch {@value #LIBTORCH} CPU from the
 *       {@code pytorch-native-cpu} jar on the class path ({@code PYTORCH_VERSION}, {@code PYTORCH_FLAVOR}),
 *       unpacked into {@code DJL_CACHE_DIR} inside the build folder, never into the user's home.</li>
 *   <li>{@code kiln-*}: {@code --add-modules jdk.incubator.vector} and libjsig preloaded (signal chaining
 *       for PoCL), as the {@code kiln} launcher does.</li>
 * </ul>
 */
final class ChildJvm {
    static final String LIBTORCH = "2.7.1";

    private ChildJvm() {
    }

    /** Heap of a child: 2 GB, 8 GB for the 224x224 networks (the JVM's own arrays hold their activations). */
    static String heap(String[] args) {
        for (String a : args) {
            for (BenchNetwork n : BenchNetwork.ALL) {
                if (n.name().equals(a) || a.contains(n.name() + ",") || a.endsWith("," + n.name())) {
                    if (n.input() == BenchNetwork.Input.RGB_224) {
                        return "-Xmx8g";
                    }
                }
            }
        }
        return "-Xmx2g";
    }

    /** {@code java [options for key] -cp ... mainClass args...} */
    static List<String> command(String key, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(heap(args));
        cmd.addAll(options(key));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    static List<String> options(String key) {
        List<String> o = new ArrayList<>();
        o.add("-XX:-UsePerfData");
        String classifier = System.getProperty("bench.nd4jClassifier");
        if (classifier != null) {
            o.add("-Dbench.nd4jClassifier=" + classifier);
        }
        if (key.equals("dl4j")) {
            o.add("-Dorg.eclipse.deeplearning4j.helpers.disable=false");
        } else if (key.equals("djl")) {
            o.add("-Dai.djl.offline=true");
            o.add("-Dai.djl.default_engine=PyTorch");
        } else if (key.startsWith("kiln-")) {
            o.add("--add-modules");
            o.add("jdk.incubator.vector");
        }
        return o;
    }

    /** Environment for the child of {@code key}. */
    static void environment(String key, Map<String, String> env) {
        Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        if (key.startsWith("kiln-") && java.nio.file.Files.exists(jsig)) {
            // signal chaining, as the kiln launcher does: PoCL installs signal handlers over the JVM's
            String old = env.get("LD_PRELOAD");
            env.put("LD_PRELOAD", jsig + (old == null || old.isEmpty() ? "" : ":" + old));
        }
        if (key.equals("djl")) {
            env.put("PYTORCH_VERSION", LIBTORCH);
            env.put("PYTORCH_FLAVOR", "cpu");
            env.put("DJL_CACHE_DIR", djlCache().toString());
        }
    }

    /** bench/target/djl-cache, or -Dbench.djlCache. */
    static Path djlCache() {
        return Path.of(System.getProperty("bench.djlCache", "bench/target/djl-cache")).toAbsolutePath();
    }

    static ProcessBuilder builder(String key, String mainClass, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command(key, mainClass, args));
        pb.environment().remove("LD_PRELOAD");
        environment(key, pb.environment());
        return pb;
    }
}
