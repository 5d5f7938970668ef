package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.train.Task;
import dev.kiln.samples.Recipe;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * The data options ({@link DataOption}) as the spark verbs read them: {@code --data} as a URI the
 * cluster reads ({@code hdfs://}, {@code s3a://}, or a local path every executor sees), since the
 * executors read the pictures, not this process.
 */
final class SparkData {
    private SparkData() {
    }

    /**
     * Where the data is and how to read it for {@code spec}, with the checkpoint's resize mode and
     * normalisation as defaults ({@code checkpoint} empty when training). Without {@code --data}, a network
     * the recipes train on Fashion-MNIST's ten classes reads the installed IDX files.
     */
    static ClusterData of(DataOption options, NetworkSpec spec, Map<String, String> checkpoint) {
        java.net.URI where;
        if (options.dir != null) {
            where = ClusterData.location(options.dir);
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
        DataOptions plain = options.options(0);
        List<String> names = plain.labelsFile() == null ? null : plain.labelNames();
        return new ClusterData(where, plain.resizeOr(checkpoint), plain.normalizeOr(checkpoint), plain.testSplit(),
                plain.skipBad(), plain.classes(), names);
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
