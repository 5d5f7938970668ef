package dev.kiln.spark;

import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.runtime.train.Probabilities;
import dev.kiln.runtime.train.Task;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

/**
 * One partition of batch inference, on an executor: rows in, the same rows with the prediction
 * columns out, lazily, one fixed batch at a time. Serialised into every task; what it carries is
 * small (names, indices, the broadcast handle): the parameters arrive through the broadcast, once
 * per executor, and the model through {@link ExecutorModels}.
 */
final class ClassifyPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String modelName;
    private final String weightsHash;
    private final Broadcast<ModelState> weights;
    private final RowImages.Column image;
    private final int idIndex;
    private final int topK;
    private final int batchSize;
    private final Resize resize;
    private final double[] mean;
    private final double[] std;
    private final BadRows badRows;
    private final LongAccumulator skipped;

    ClassifyPartition(String modelName, String weightsHash, Broadcast<ModelState> weights, RowImages.Column image,
                      int idIndex, int topK, int batchSize, Resize resize, Normalization normalization, BadRows badRows,
                      LongAccumulator skipped) {
        this.modelName = modelName;
        this.weightsHash = weightsHash;
        this.weights = weights;
        this.image = image;
        this.idIndex = idIndex;
        this.topK = topK;
        this.batchSize = batchSize;
        this.resize = resize;
        this.mean = normalization.mean();
        this.std = normalization.std();
        this.badRows = badRows;
        this.skipped = skipped;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ExecutorModels.Lease lease = ExecutorModels.borrow(new ExecutorModels.Key(modelName, weightsHash), weights::value);
        TaskContext context = TaskContext.get();
        if (context != null) {
            // give the backend back when the task ends, however it ends (a failure, a limit() that stops reading)
            context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> lease.close());
        }
        return new Batches(rows, lease.backend, context == null ? -1 : context.partitionId());
    }

    /** The output rows of one partition, computed a batch at a time as they are read. */
    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final JavaBackend backend;
        private final NetworkSpec spec;
        private final Task task;
        private final int partition;
        private final int inSize;
        private final int outSize;
        private final float[] input;
        private final float[] outputs;
        private final double[] probs;
        private final RowImages images;
        private final Row[] pending;
        private final Row[] ready;
        private int readyCount;
        private int next;
        private long position;

        Batches(Iterator<Row> rows, JavaBackend backend, int partition) {
            this.rows = rows;
            this.backend = backend;
            this.spec = backend.spec();
            this.task = spec.loss() == Loss.BINARY_CROSS_ENTROPY ? Task.binary(spec.simpleName(), c -> c == 1)
                    : Task.classification();
            this.partition = partition;
            this.inSize = spec.input().intSize();
            this.outSize = spec.output().intSize();
            this.input = new float[batchSize * inSize];
            this.outputs = new float[batchSize * outSize];
            this.probs = new double[Math.max(2, outSize)];
            this.images = new RowImages(image, spec.simpleName(), spec.input(), resize, new Normalization(mean, std));
            this.pending = new Row[batchSize];
            this.ready = new Row[batchSize];
            backend.plan(batchSize);
        }

        @Override
        public boolean hasNext() {
            if (next < readyCount) {
                return true;
            }
            fill();
            return next < readyCount;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row r = ready[next];
            ready[next++] = null;
            return r;
        }

        /** Reads up to a batch of usable rows, runs the pass once, and makes their output rows ready. */
        private void fill() {
            int count = 0;
            while (count < batchSize && rows.hasNext()) {
                Row row = rows.next();
                long at = position++;
                try {
                    read(row, count);
                } catch (RuntimeException e) {
                    if (badRows == BadRows.SKIP) {
                        skipped.add(1);
                        continue;
                    }
                    throw new BadRowException("row " + name(row, at) + ": " + reason(e)
                            + ". Fix or drop the row, or classify with badRows(BadRows.SKIP) to skip such rows and count them.", e);
                }
                pending[count++] = row;
            }
            next = 0;
            readyCount = count;
            if (count == 0) {
                return;
            }
            backend.predict(input, count, outputs);
            for (int i = 0; i < count; i++) {
                ready[i] = withPrediction(pending[i], i * outSize);
                pending[i] = null;
            }
        }

        private void read(Row row, int slot) {
            images.read(row, input, slot * inSize);
        }

        private Row withPrediction(Row row, int offset) {
            int predicted = task.predictedClass(spec, outputs, offset);
            Probabilities.into(spec, outputs, offset, probs);
            int width = row.length();
            Object[] values = new Object[width + (topK > 0 ? 3 : 2)];
            for (int i = 0; i < width; i++) {
                values[i] = row.get(i);
            }
            values[width] = predicted;
            values[width + 1] = probs[predicted];
            if (topK > 0) {
                values[width + 2] = scala.jdk.javaapi.CollectionConverters.asScala(topK());
            }
            return RowFactory.create(values);
        }

        /** The k likeliest classes, most likely first, ties to the lower class index. */
        private List<Row> topK() {
            int classes = task.kind() == Task.Kind.BINARY ? 2 : outSize;
            List<Row> best = new ArrayList<>(topK);
            boolean[] taken = new boolean[classes];
            for (int k = 0; k < topK; k++) {
                int pick = -1;
                for (int c = 0; c < classes; c++) {
                    if (!taken[c] && (pick < 0 || probs[c] > probs[pick])) {
                        pick = c;
                    }
                }
                taken[pick] = true;
                best.add(RowFactory.create(pick, probs[pick]));
            }
            return best;
        }

        private String name(Row row, long at) {
            String where = partition >= 0 ? "partition " + partition + ", row " + at : "row " + at;
            if (idIndex >= 0 && !row.isNullAt(idIndex)) {
                return "'" + row.get(idIndex) + "' (" + where + ")";
            }
            return where;
        }

        private String reason(RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }
}
