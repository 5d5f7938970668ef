package dev.kiln.spark;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.spec.NetworkSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Classifies the images of a {@code Dataset<Row>} with a Kiln model and a safetensors checkpoint,
 * on the executors, and returns the rows with new columns: {@code prediction} (the class index, as
 * {@code kiln eval} picks it), {@code probability} (its probability) and, when asked,
 * {@code top_k} (the {@code k} likeliest classes as {@code array<struct<class:int, probability:double>>},
 * most likely first).
 *
 * <p>The image column is either <b>image bytes</b> ({@code binary}: PNG, JPEG, BMP or GIF, decoded
 * on the executors by {@link dev.kiln.runtime.data.image.ImageDecoder}, the image-folder loader's
 * decoder, to the network's input shape, pixels scaled to [0, 1] and standardised as
 * {@link #normalization} says) or <b>raw pixels</b>
 * ({@code array<float>} or {@code array<double>}, {@code (C, H, W)} flattened, already as the network
 * takes them).
 *
 * <pre>{@code
 * SparkClassifier c = SparkClassifier.of(spark, Models.find("LeNet5"), Path.of("best.safetensors"))
 *         .imageColumn("image").idColumn("path").topK(3);
 * Dataset<Row> predicted = c.transform(images);
 * }</pre>
 *
 * <p>The checkpoint is read and checked once on the driver and its parameters and running statistics
 * are broadcast once;
 * each executor JVM loads the model once per (model, checkpoint SHA-256) ({@link ExecutorModels})
 * and every task runs the generated Java pass on its own thread, in fixed batches whose buffers it
 * reuses. The model's classes must be on the executors' class path (the job's jar).
 */
public final class SparkClassifier {
    public static final String PREDICTION = "prediction";
    public static final String PROBABILITY = "probability";
    public static final String TOP_K = "top_k";

    private final SparkSession spark;
    private final NetworkSpec spec;
    private final Path checkpoint;
    private ModelState loaded;
    private String imageColumn = "image";
    private String idColumn;
    private int topK;
    private int batchSize = 256;
    private Resize resize = Resize.STRETCH;
    private Normalization normalization = Normalization.NONE;
    private BadRows badRows = BadRows.FAIL;
    private Broadcast<ModelState> weights;
    private String weightsHash;
    private LongAccumulator skipped;

    private SparkClassifier(SparkSession spark, KilnModel model, Path checkpoint, ModelState loaded) {
        this.spark = spark;
        this.spec = model.spec();
        this.checkpoint = checkpoint;
        this.loaded = loaded;
        if (spec.loss() != Loss.SOFTMAX_CROSS_ENTROPY && spec.loss() != Loss.BINARY_CROSS_ENTROPY) {
            throw new KilnException(spec.simpleName() + " is trained with " + spec.loss()
                    + ", not a classification loss, so it has no classes to predict. Use a network trained with"
                    + " softmax or binary cross-entropy.");
        }
    }

    /**
     * A classifier with {@code model}'s weights from {@code checkpoint} (its parameters and running statistics),
     * read when the first transform runs.
     */
    public static SparkClassifier of(SparkSession spark, KilnModel model, Path checkpoint) {
        return new SparkClassifier(spark, model, checkpoint, null);
    }

    /** A classifier with weights already loaded: parameters and running statistics (batch norm's), checked against the model. */
    public static SparkClassifier of(SparkSession spark, KilnModel model, Checkpoints.Loaded weights) {
        NetworkSpec spec = model.spec();
        if (weights.params().length != spec.parameterCount() || weights.state().length != spec.stateCount()) {
            throw new KilnException(spec.simpleName() + " has " + spec.parameterCount() + " parameters and "
                    + spec.stateCount() + " running statistics, but the weights hold " + weights.params().length + " and "
                    + weights.state().length);
        }
        return new SparkClassifier(spark, model, null, ModelState.weights(weights.params(), weights.state()));
    }

    /** The column holding each image (default {@code image}): binary image bytes or an array of pixels. */
    public SparkClassifier imageColumn(String name) {
        this.imageColumn = name;
        return this;
    }

    /** A column whose value names a row in error messages (a path, an id); by default a row is named by its partition and position. */
    public SparkClassifier idColumn(String name) {
        this.idColumn = name;
        return this;
    }

    /** Also add the {@code k} likeliest classes as {@code top_k}; 0 (the default) adds no such column. */
    public SparkClassifier topK(int k) {
        int classes = classes();
        if (k < 0 || k > classes) {
            throw new IllegalArgumentException("top-k must be between 0 and the " + classes + " classes of "
                    + spec.simpleName() + ", not " + k);
        }
        this.topK = k;
        return this;
    }

    /** Images per call of the Java pass (default 256); each task allocates its buffers for this many once. */
    public SparkClassifier batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, not " + n);
        }
        this.batchSize = n;
        return this;
    }

    /** How image bytes of another size reach the network's input size (default {@link Resize#STRETCH}). */
    public SparkClassifier resize(Resize mode) {
        this.resize = mode;
        return this;
    }

    /** How image bytes are standardised after scaling to [0, 1] (default none); pixel arrays are taken as they are. */
    public SparkClassifier normalization(Normalization n) {
        this.normalization = n;
        return this;
    }

    /** What to do with a row whose image cannot be used (default {@link BadRows#FAIL}). */
    public SparkClassifier badRows(BadRows policy) {
        this.badRows = policy;
        return this;
    }

    /** Rows left out under {@link BadRows#SKIP} by the actions run so far on this classifier's results. */
    public long skippedRows() {
        return skipped == null ? 0 : skipped.value();
    }

    /** {@code images} with the prediction columns added; lazy, as every Spark transformation. */
    public Dataset<Row> transform(Dataset<Row> images) {
        StructType in = images.schema();
        RowImages.Column image = RowImages.Column.of(in, imageColumn, spec.simpleName(), spec.input());
        int idIndex = idColumn == null ? -1 : RowImages.index(in, idColumn, "id");
        for (String name : outputColumns()) {
            if (List.of(in.fieldNames()).contains(name)) {
                throw new KilnException("the input already has a column '" + name + "'; rename or drop it first");
            }
        }
        loadWeights();
        ClassifyPartition task = new ClassifyPartition(spec.qualifiedName(), weightsHash, weights, image, idIndex, topK,
                batchSize, resize, normalization, badRows, skipped);
        return images.mapPartitions(task, Encoders.row(outputSchema(in)));
    }

    /** The schema {@link #transform} returns for rows of {@code in}. */
    public StructType outputSchema(StructType in) {
        StructType out = in.add(PREDICTION, DataTypes.IntegerType, false).add(PROBABILITY, DataTypes.DoubleType, false);
        if (topK > 0) {
            StructType entry = new StructType(new StructField[] {
                    DataTypes.createStructField("class", DataTypes.IntegerType, false),
                    DataTypes.createStructField("probability", DataTypes.DoubleType, false)});
            out = out.add(TOP_K, DataTypes.createArrayType(entry, false), false);
        }
        return out;
    }

    private List<String> outputColumns() {
        List<String> names = new ArrayList<>(List.of(PREDICTION, PROBABILITY));
        if (topK > 0) {
            names.add(TOP_K);
        }
        return names;
    }

    private int classes() {
        return spec.loss() == Loss.BINARY_CROSS_ENTROPY ? 2 : spec.output().intSize();
    }

    /**
     * Reads and checks the checkpoint on the driver, once, and broadcasts its parameters and running statistics
     * (batch norm's running mean and variance: without them a batch-norm network predicts nonsense).
     */
    private void loadWeights() {
        if (weights != null) {
            return;
        }
        if (loaded == null) {
            Checkpoints.Loaded l = Checkpoints.loadAll(checkpoint, spec);
            loaded = ModelState.weights(l.params(), l.state());
        }
        weightsHash = loaded.weightsHash();
        weights = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(loaded);
        skipped = spark.sparkContext().longAccumulator("kiln: rows skipped by " + spec.simpleName());
    }
}
