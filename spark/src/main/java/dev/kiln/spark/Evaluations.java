package dev.kiln.spark;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.train.Evaluation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Evaluation on the executors: each shard runs {@link Evaluation#evaluate} with the broadcast
 * weights ({@link EvaluateShard}), and the driver adds the confusion matrices and loss sums in
 * partition order. The counts are exact, so the accuracy is the one-machine figure; the loss is its
 * sum regrouped by partition.
 */
final class Evaluations {
    private Evaluations() {
    }

    /**
     * {@code weights} on {@code shards}, whose classes are {@code classNames}, on the executors' backends of
     * {@code key} (a training run's, whose weights change, or the weights' own); {@code what} names the job
     * ({@code test}).
     */
    static Evaluation evaluate(SparkSession spark, KilnModel model, JavaRDD<Shard> shards, ModelState weights,
                               List<String> classNames, String what, ExecutorModels.Key key) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        boolean binary = model.spec().loss() == Loss.BINARY_CROSS_ENTROPY;
        Broadcast<ModelState> shared = jsc.broadcast(weights);
        List<EvaluateShard.Part> parts;
        try {
            jsc.setJobDescription("kiln: " + model.spec().simpleName() + " on the " + what + " images");
            parts = new ArrayList<>(shards.map(new EvaluateShard(key, shared, binary, Evaluation.DEFAULT_BATCH)).collect());
        } finally {
            shared.destroy(false);
        }
        parts.sort(Comparator.comparingInt(EvaluateShard.Part::partition));
        int classes = binary ? 2 : classNames.size();
        long[][] confusion = new long[classes][classes];
        double lossSum = 0;
        int count = 0;
        for (EvaluateShard.Part p : parts) {
            lossSum += p.lossSum();
            count += p.count();
            for (int a = 0; a < classes; a++) {
                for (int b = 0; b < classes; b++) {
                    confusion[a][b] += p.confusion()[a][b];
                }
            }
        }
        List<String> names = binary ? (classNames.size() == 2 ? classNames : List.of("0", "1")) : classNames;
        return Evaluation.of(confusion, names, count == 0 ? Double.NaN : lossSum / count, count);
    }
}
