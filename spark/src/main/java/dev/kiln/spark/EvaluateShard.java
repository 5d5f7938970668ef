package dev.kiln.spark;

import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.Task;
import java.io.Serializable;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * One shard's evaluation, on an executor: {@link Evaluation#evaluate}, the one-machine code, run on
 * the shard with the broadcast weights (parameters and running statistics) on the task's
 * single-threaded backend. The driver adds the parts' confusion matrices and loss sums.
 */
final class EvaluateShard implements Function<Shard, EvaluateShard.Part> {
    private static final long serialVersionUID = 1L;

    /** One shard's figures: the summed loss, the confusion matrix and the images counted. */
    record Part(int partition, double lossSum, long[][] confusion, int count) implements Serializable {
    }

    private final ExecutorModels.Key key;
    private final Broadcast<ModelState> weights;
    private final boolean binary;
    private final int batch;

    /** {@code binary}: a network of one sigmoid unit whose positive class is the data's second. */
    EvaluateShard(ExecutorModels.Key key, Broadcast<ModelState> weights, boolean binary, int batch) {
        this.key = key;
        this.weights = weights;
        this.binary = binary;
        this.batch = batch;
    }

    @Override
    public Part call(Shard shard) {
        int classes = binary ? 2 : shard.data().classes();
        if (shard.size() == 0) {
            return new Part(shard.partition(), 0, new long[classes][classes], 0);
        }
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(key, weights::value)) {
            weights.value().into(lease.backend);
            Task task = binary ? Task.binaryClasses(shard.data().classNames()) : Task.classification();
            Evaluation e = Evaluation.evaluate(lease.backend, shard.data(), task, batch);
            return new Part(shard.partition(), e.loss() * e.count(), e.confusion(), e.count());
        }
    }
}
