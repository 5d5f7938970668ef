package dev.kiln.spark;

import dev.kiln.runtime.Required;
import dev.kiln.runtime.data.FashionMnist;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/**
 * One Spark session in local mode for every test class of this module (they run in one JVM):
 * two executor threads, as {@code local[2]}, each task allowed two attempts ({@code local[2,2]}, so
 * that a task failing once is retried as on a cluster), no web UI.
 */
final class LocalSpark {
    static final String MASTER = "local[2,2]";

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        return SparkSession.builder()
                .master(MASTER)
                .appName("kiln-spark-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /** Skips without Fashion-MNIST, except on CI, which must have it. */
    static void requireFashionMnist() {
        boolean present = Files.isRegularFile(FashionMnist.DEBIAN_DIR.resolve("t10k-images-idx3-ubyte.gz"))
                || Files.isRegularFile(FashionMnist.DEBIAN_DIR.resolve("t10k-images-idx3-ubyte"));
        Required.that(present, "Fashion-MNIST is not installed at " + FashionMnist.DEBIAN_DIR
                + " (apt-get install dataset-fashion-mnist)");
    }
}
