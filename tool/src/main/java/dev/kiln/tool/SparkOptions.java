package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.cluster.ClusterEngine;
import dev.kiln.runtime.cluster.ClusterOptions;
import dev.kiln.runtime.cluster.ClusterSession;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The mixin of the verbs that run on Apache Spark ({@code spark-eval}, {@code spark-predict},
 * {@code spark-train}): where the cluster is, Spark settings, and where Spark's own log goes. The
 * verbs reach Spark through the runtime's {@link ClusterEngine} interface, found with
 * {@link java.util.ServiceLoader}: the tool itself has no Spark class on its class path; {@code ./kiln}
 * adds the spark module and Spark's jars for these verbs.
 */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
            description = "Spark's master: local[N] (default local[2]), spark://HOST:7077, yarn...")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark setting, as spark-submit's --conf "
            + "(e.g. spark.executor.memory=4g); repeatable")
    List<String> settings = new ArrayList<>();

    @Option(names = "--spark-log", paramLabel = "FILE", description = "where Spark's own log goes in full (default a new "
            + "file in ${java.io.tmpdir}/kiln-spark-logs); the console shows its warnings")
    Path log;

    /** Starts the Spark application: {@code verb}'s, for {@code network}'s classes; says where the log goes. */
    ClusterSession open(Session session, ModelOptions network, String verb) {
        ClusterEngine engine = ClusterEngine.find(network.loader());
        Path logFile = log != null ? log : defaultLog(verb);
        session.out.println("Spark's log: " + logFile);
        List<Path> classPath = new ArrayList<>();
        if (network.classpath != null) {
            for (String part : network.classpath.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    classPath.add(Path.of(part));
                }
            }
        }
        return engine.open(new ClusterOptions(master, "kiln " + verb + " " + network.spec, classPath, network.loader(),
                settings(), logFile, session.out));
    }

    private Map<String, String> settings() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--conf takes KEY=VALUE, e.g. spark.executor.memory=4g; got '" + s + "'");
            }
            map.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return map;
    }

    private static Path defaultLog(String verb) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "kiln-spark-logs");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KilnException("cannot create " + dir + " for Spark's log (" + e.getMessage() + "); choose a file with"
                    + " --spark-log", e);
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return dir.resolve(verb + "-" + stamp + "-" + ProcessHandle.current().pid() + ".log");
    }
}
