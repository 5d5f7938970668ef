package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows that cannot be classified (damaged image bytes, a null image, pixels of the wrong size)
 * fail the job with a message naming the row, or are skipped and counted when asked, and the
 * session carries on either way; tasks that fail once are retried by Spark with the same result.
 */
class BadRowsAndRetriesTest {
    static final StructType NAMED_PNGS = new StructType().add("path", DataTypes.StringType, false)
            .add("image", DataTypes.BinaryType, true);

    @TempDir
    static Path dir;
    static KilnModel model;
    static Path checkpoint;

    @BeforeAll
    static void weights() {
        LocalSpark.requireFashionMnist();
        model = Models.find("LeNet5");
        checkpoint = dir.resolve("init.safetensors");
        Checkpoints.save(checkpoint, model.spec(), Initializers.initialize(model.spec(), 4), Map.of());
    }

    /** 40 good PNGs named {@code img-i.png}, then a truncated PNG ({@code broken.png}) and a null image ({@code empty.png}) at rows 17 and 30. */
    private static Dataset<Row> picturesWithTwoBadOnes(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] png = FashionRows.png(FashionRows.test(), i);
            if (i == 17) {
                rows.add(RowFactory.create("broken.png", Arrays.copyOf(png, png.length / 2)));
            } else if (i == 30) {
                rows.add(RowFactory.create("empty.png", null));
            } else {
                rows.add(RowFactory.create("img-" + i + ".png", png));
            }
        }
        return spark.createDataFrame(rows, NAMED_PNGS).repartition(1);
    }

    @Test
    void aDamagedImageFailsTheJobNamingTheRowAndTheSessionCarriesOn() {
        SparkSession spark = LocalSpark.session();
        SparkClassifier c = SparkClassifier.of(spark, model, checkpoint).idColumn("path");
        SparkException e = assertThrows(SparkException.class, () -> c.transform(picturesWithTwoBadOnes(spark)).count());
        String message = e.getMessage();
        assertTrue(message.contains("BadRowException: row 'broken.png' (partition 0, row 17)"), message);
        assertTrue(message.contains("badRows(BadRows.SKIP)"), message);
        // the application is alive: the next job runs
        assertEquals(38, c.badRows(BadRows.SKIP).transform(picturesWithTwoBadOnes(spark)).count());
    }

    @Test
    void skippedRowsAreLeftOutAndCounted() {
        SparkSession spark = LocalSpark.session();
        SparkClassifier c = SparkClassifier.of(spark, model, checkpoint).idColumn("path").badRows(BadRows.SKIP);
        List<Row> out = c.transform(picturesWithTwoBadOnes(spark)).collectAsList();
        assertEquals(38, out.size());
        assertEquals(2, c.skippedRows());
        assertTrue(out.stream().noneMatch(r -> r.getString(0).equals("broken.png") || r.getString(0).equals("empty.png")));
    }

    @Test
    void pixelsOfTheWrongSizeNameTheRowToo() {
        SparkSession spark = LocalSpark.session();
        StructType schema = new StructType().add("image", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        List<Row> rows = List.of(RowFactory.create((Object) new float[784]), RowFactory.create((Object) new float[783]));
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(1);
        SparkException e = assertThrows(SparkException.class,
                () -> SparkClassifier.of(spark, model, checkpoint).transform(df).count());
        assertTrue(e.getMessage().contains("row partition 0, row 1: the image has 783 pixels, but LeNet5 takes 784 (1, 28, 28)"),
                e.getMessage());
    }

    @Test
    void aPartitionThatFailsOnceIsRetriedWithTheSamePredictions() {
        SparkSession spark = LocalSpark.session();
        SparkClassifier c = SparkClassifier.of(spark, model, checkpoint);
        Dataset<Row> rows = FashionRows.rows(spark, true, 600, 3, false);
        List<Row> plain = c.transform(rows).select("id", SparkClassifier.PREDICTION, SparkClassifier.PROBABILITY)
                .orderBy("id").collectAsList();
        Dataset<Row> flaky = rows.mapPartitions(new FailFirstAttempt(1), Encoders.row(rows.schema()));
        List<Row> retried = c.transform(flaky).select("id", SparkClassifier.PREDICTION, SparkClassifier.PROBABILITY)
                .orderBy("id").collectAsList();
        assertEquals(plain, retried);
    }

    @Test
    void aTrainingRoundWhoseTaskFailsOnceIsRetriedWithTheSameState() {
        SparkSession spark = LocalSpark.session();
        TrainConfig config = TrainConfig.builder().optimizer(OptimizerConfig.adam().build()).batch(40).epochs(1)
                .maxStepsPerEpoch(6).validationFraction(0).seed(2).build();
        Dataset<Row> rows = FashionRows.rows(spark, false, 400, 3, false);
        SparkTraining plain = SparkTrainer.of(spark, model, config).averageEvery(2).training(rows, "image", "label");
        plain.fit();
        SparkTraining retried = SparkTrainer.of(spark, model, config).averageEvery(2).training(rows, "image", "label")
                .fault((step, partition, attempt) -> {
                    if (step == 2 && partition == 1 && attempt == 0) {
                        throw new IllegalStateException("injected: the executor of partition 1 is lost in round 2");
                    }
                });
        retried.fit();
        // a round's tasks are deterministic and the driver averages in partition order, whichever task ends first
        assertArrayEquals(plain.finalState().params(), retried.finalState().params());
        assertArrayEquals(plain.finalState().second(), retried.finalState().second());
    }

    /**
     * Two partitions on two cores: the rounds run in barrier stages, averaged among the tasks. A task that fails makes Spark
     * rerun the whole stage from the job's start, and the run ends with the bits of a run without the failure.
     */
    @Test
    void aBarrierStageWhoseTaskFailsIsRerunWholeWithTheSameState() {
        SparkSession spark = LocalSpark.session();
        TrainConfig config = TrainConfig.builder().optimizer(OptimizerConfig.adam().build()).batch(40).epochs(1)
                .maxStepsPerEpoch(6).validationFraction(0).seed(2).build();
        Dataset<Row> rows = FashionRows.rows(spark, false, 400, 2, false);
        SparkTraining plain = SparkTrainer.of(spark, model, config).averageEvery(2).training(rows, "image", "label");
        plain.fit();
        assertTrue(plain.description().contains("steps per Spark job, averaged among the tasks"), plain.description());
        SparkTraining retried = SparkTrainer.of(spark, model, config).averageEvery(2).training(rows, "image", "label")
                .fault((step, partition, attempt) -> {
                    if (step == 2 && partition == 1 && attempt == 0) {
                        throw new IllegalStateException("injected: the executor of partition 1 is lost in round 2");
                    }
                });
        retried.fit();
        assertArrayEquals(plain.finalState().params(), retried.finalState().params());
        assertArrayEquals(plain.finalState().second(), retried.finalState().second());
        // and the same as a Spark job per round, averaged by the driver
        SparkTraining perRound = SparkTrainer.of(spark, model, config).averageEvery(2).training(rows, "image", "label")
                .roundsPerJob(1);
        perRound.fit();
        assertArrayEquals(plain.finalState().params(), perRound.finalState().params());
    }

    /** Throws in the first attempt of one partition's task, as an executor lost mid-job would fail it. */
    private record FailFirstAttempt(int partition) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            TaskContext t = TaskContext.get();
            if (t.partitionId() == partition && t.attemptNumber() == 0) {
                throw new IllegalStateException("injected: the executor of partition " + partition + " is lost");
            }
            return rows;
        }
    }
}
