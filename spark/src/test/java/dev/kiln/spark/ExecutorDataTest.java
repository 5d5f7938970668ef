package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.data.image.ImageFolder;
import dev.kiln.spec.Shape;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data the executors read, against the one-machine loaders: an image folder gives
 * {@link ImageFolder}'s classes, pictures, labels, test split and pixels; IDX files (gzip or raw, any
 * part of them) give {@link FashionMnist}'s; {@code --classes} and {@code --labels} select and name as
 * {@link Dataset#selectClasses} does; and everything is read through Hadoop's file systems, here one
 * registered for the scheme {@code kilntest:} that counts the files the executors open.
 */
class ExecutorDataTest {
    @TempDir
    static Path dir;
    static Path folder;
    static KilnModel model;

    @BeforeAll
    static void aSmallImageFolder() throws IOException {
        LocalSpark.requireFashionMnist();
        model = Models.find("LeNet5");
        folder = dir.resolve("clothes");
        Dataset test = FashionRows.test();
        String[] classes = {"bag", "boot", "coat"};
        for (int i = 0; i < 30; i++) {
            Path classDir = folder.resolve(classes[i % 3]).resolve(i % 2 == 0 ? "" : "nested");
            Files.createDirectories(classDir);
            Files.write(classDir.resolve(String.format("p%02d.png", i)), FashionRows.png(test, i));
        }
        Files.writeString(folder.resolve("bag/.hidden.png"), "not a picture");
        Files.writeString(folder.resolve("coat/Thumbs.db"), "a thumbnail cache");
    }

    /** One shard as it comes back to the driver: its partition, pixels (as the network takes them) and labels. */
    private record Part(int partition, float[] pixels, int[] labels) implements java.io.Serializable {
    }

    /** The shards of a listing, read on the executors, put back together in order. */
    private static Dataset read(SparkCluster cluster, DataPlan.Listing listing, int partitions) {
        JavaRDD<Shard> shards = cluster.shards(listing, partitions);
        List<Part> parts = shards.map(s -> {
            float[] p = new float[s.size() * s.data().shape().intSize()];
            s.data().copyImages(0, s.size(), p, 0);
            return new Part(s.partition(), p, s.data().labels().clone());
        }).collect().stream().sorted(Comparator.comparingInt(Part::partition)).toList();
        shards.unpersist(false);
        Shape shape = model.spec().input();
        int n = parts.stream().mapToInt(p -> p.labels().length).sum();
        float[] pixels = new float[n * shape.intSize()];
        int[] labels = new int[n];
        int at = 0;
        for (Part p : parts) {
            System.arraycopy(p.pixels(), 0, pixels, at * shape.intSize(), p.pixels().length);
            System.arraycopy(p.labels(), 0, labels, at, p.labels().length);
            at += p.labels().length;
        }
        return new Dataset(listing.name(), shape, pixels, labels, listing.classNames());
    }

    private static void assertSameImages(Dataset expected, Dataset actual) {
        assertEquals(expected.classNames(), actual.classNames());
        assertArrayEquals(expected.labels(), actual.labels());
        float[] e = new float[expected.size() * expected.shape().intSize()];
        expected.copyImages(0, expected.size(), e, 0);
        assertArrayEquals(e, actual.images());
    }

    @Test
    void anImageFolderGivesImageFoldersClassesPicturesSplitAndPixels() {
        SparkCluster cluster = SparkCluster.of(LocalSpark.session());
        ClusterData data = ClusterData.at(folder.toUri());
        ImageFolder.Loaded one = ImageFolder.load(folder, model.spec().input(), ImageFolder.Options.defaults(),
                ImageFolder.Progress.NONE);
        assertSameImages(one.train(), read(cluster, DataPlan.list(cluster.files(), data, model.spec(), DataPlan.Part.TRAIN), 3));
        assertSameImages(one.test(), read(cluster, DataPlan.list(cluster.files(), data, model.spec(), DataPlan.Part.TEST), 2));
    }

    @Test
    void idxFilesGzipOrRawGiveTheLoadersImagesAndClassesSelectAsOnOneMachine() {
        SparkCluster cluster = SparkCluster.of(LocalSpark.session());
        for (boolean gzip : new boolean[] {true, false}) {
            Path idx = IdxFolders.write(dir.resolve("idx-" + gzip), 500, 100, gzip);
            DataPlan.Listing train = DataPlan.list(cluster.files(), ClusterData.at(idx.toUri()), model.spec(), DataPlan.Part.TRAIN);
            // every third image, in 4 partitions: each task skips what the others read
            int[] some = java.util.stream.IntStream.range(0, 500).filter(i -> i % 3 == 1).toArray();
            assertSameImages(FashionMnist.train(idx).subset("x", some), read(cluster, train.subset("x", some), 4));
            List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
            ClusterData chosen = ClusterData.at(idx.toUri()).withClasses(new int[] {9, 0, 3}, names);
            assertSameImages(FashionMnist.test(idx).withClassNames(names).selectClasses(new int[] {9, 0, 3}),
                    read(cluster, DataPlan.list(cluster.files(), chosen, model.spec(), DataPlan.Part.TEST), 2));
        }
    }

    /** The local file system under another scheme, counting the files opened (executors run in this JVM in local mode). */
    public static final class CountingFileSystem extends RawLocalFileSystem {
        static final AtomicInteger OPENED = new AtomicInteger();

        @Override
        public URI getUri() {
            return URI.create("kilntest:///");
        }

        @Override
        public String getScheme() {
            return "kilntest";
        }

        @Override
        public FSDataInputStream open(org.apache.hadoop.fs.Path f, int bufferSize) throws IOException {
            OPENED.incrementAndGet();
            return super.open(f, bufferSize);
        }
    }

    @Test
    void everythingIsReadThroughHadoopsFileSystemsAndTheirSchemes() {
        SparkSession spark = LocalSpark.session();
        spark.sparkContext().hadoopConfiguration().set("fs.kilntest.impl", CountingFileSystem.class.getName());
        spark.sparkContext().hadoopConfiguration().set("fs.kilntest.impl.disable.cache", "true");
        try {
            SparkCluster cluster = SparkCluster.of(spark);
            URI uri = URI.create("kilntest://" + folder.toAbsolutePath());
            int before = CountingFileSystem.OPENED.get();
            Dataset viaScheme = read(cluster, DataPlan.list(cluster.files(), ClusterData.at(uri), model.spec(), DataPlan.Part.TRAIN), 2);
            Dataset plain = read(cluster, DataPlan.list(cluster.files(), ClusterData.at(folder.toUri()), model.spec(),
                    DataPlan.Part.TRAIN), 2);
            assertSameImages(plain, viaScheme);
            // one open per training picture (24 of the 30: 20% held out), none through the plain path
            assertEquals(24, CountingFileSystem.OPENED.get() - before);
            assertTrue(Arrays.stream(viaScheme.labels()).max().orElse(-1) == 2);
        } finally {
            spark.sparkContext().hadoopConfiguration().unset("fs.kilntest.impl");
        }
    }
}
