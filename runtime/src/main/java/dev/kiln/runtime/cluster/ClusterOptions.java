package dev.kiln.runtime.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a cluster and what to run there.
 *
 * @param master    the cluster manager: {@code local[2]}, {@code spark://host:7077}, {@code yarn}...
 * @param appName   the application's name in the cluster's web pages
 * @param classPath what the executors need beyond the engine, the runtime and the network's own classes:
 *                  the entries of the user's {@code --classpath} (jars or class directories; directories are
 *                  packed into jars to be shipped)
 * @param loader    the class loader that sees the networks (the tool's {@code --classpath} loader)
 * @param settings  the engine's own settings ({@code spark.executor.memory=4g}...), applied as given
 * @param logFile   where the engine's own log goes in full; the console shows its warnings only
 * @param out       where the session says what it is doing (one line per fact)
 */
public record ClusterOptions(String master, String appName, List<Path> classPath, ClassLoader loader,
                             Map<String, String> settings, Path logFile, PrintStream out) {
    /** Checks that nothing is null. */
    public ClusterOptions {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(appName, "appName");
        classPath = List.copyOf(classPath);
        Objects.requireNonNull(loader, "loader");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(out, "out");
    }
}
