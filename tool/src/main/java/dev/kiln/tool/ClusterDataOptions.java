package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.runtime.train.Task;
import dev.kiln.samples.Recipe;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The data options of the verbs that run on Spark: {@link DataOption}'s, except that {@code --data}
 * may be any URI the cluster reads ({@code hdfs://}, {@code s3a://}, or a local path every executor
 * sees), since the executors read the pictures, not this process.
 */
final class ClusterDataOptions {
    @Option(names = "--data", paramLabel = "DIR|URI", description = "the four Fashion-MNIST/MNIST IDX files (default "
            + "/usr/share/datasets/fashion-mnist) or an image folder (DIR/<class>/* or DIR/train/<class>/* and "
            + "DIR/test/<class>/*), on storage every executor can read: a path, or an hdfs://, s3a://, file: URI")
    String location;

    @Option(names = "--test-split", paramLabel = "F", converter = Converters.Fraction.class,
            description = "image folder without train/ and test/: the part held out for testing, seeded (default 0.2)")
    Double testSplit;

    @Option(names = "--resize", paramLabel = "stretch|crop|pad", converter = DataOption.ResizeConverter.class,
            description = "how pictures of another shape reach the input size (default: the checkpoint's, else stretch)")
    Resize resize;

    @Option(names = "--normalize", paramLabel = "MEAN,STD", converter = DataOption.NormalizationConverter.class,
            description = "standardise pixels after scaling to [0, 1]; per channel M1,M2,M3,S1,S2,S3 "
                    + "(default: the checkpoint's, else none)")
    Normalization normalize;

    @Option(names = "--skip-bad", description = "leave out files that are not readable PNG, JPEG, BMP or GIF pictures, "
            + "and count them")
    boolean skipBad;

    @Option(names = "--labels", paramLabel = "FILE", description = "class names for IDX data, one per line")
    Path labels;

    @Option(names = "--classes", paramLabel = "I,J,...", converter = DataOption.ClassesConverter.class,
            description = "use only these classes, numbered 0, 1, ... in this order")
    DataOption.ClassList classes;

    /**
     * Where the data is and how to read it for {@code spec}, with the checkpoint's resize mode and
     * normalisation as defaults ({@code checkpoint} empty when training). Without {@code --data}, a network
     * the recipes train on Fashion-MNIST's ten classes reads the installed IDX files.
     */
    ClusterData data(NetworkSpec spec, Map<String, String> checkpoint) {
        java.net.URI where;
        if (location != null) {
            where = ClusterData.location(location);
        } else if (fashionMnistRecipe(spec)) {
            if (!Files.isDirectory(FashionMnist.DEBIAN_DIR)) {
                throw new KilnException("Fashion-MNIST is not installed at " + FashionMnist.DEBIAN_DIR + " (apt-get install "
                        + "dataset-fashion-mnist); or pass --data with a folder of its IDX files that every executor can read");
            }
            where = FashionMnist.DEBIAN_DIR.toUri();
        } else {
            throw new KilnException(spec.simpleName() + " is not trained on Fashion-MNIST's ten classes; give --data with an"
                    + " image folder (or IDX files) that every executor can read");
        }
        DataOptions plain = new DataOptions(null, 0.2, resize, normalize, skipBad, labels, null, 0);
        List<String> names = labels == null ? null : plain.labelNames();
        return new ClusterData(where, plain.resizeOr(checkpoint), plain.normalizeOr(checkpoint),
                testSplit != null ? testSplit : 0.2, skipBad, classes == null ? null : classes.numbers(), names);
    }

    /** Whether the recipes would train {@code spec} on Fashion-MNIST's classes (softmax over (1, 28, 28) images). */
    static boolean fashionMnistRecipe(NetworkSpec spec) {
        if (!spec.input().equals(Shape.of(1, 28, 28))) {
            return false;
        }
        try {
            return Recipe.of(spec).task().kind() == Task.Kind.CLASSIFICATION;
        } catch (KilnException e) {
            return false;
        }
    }
}
