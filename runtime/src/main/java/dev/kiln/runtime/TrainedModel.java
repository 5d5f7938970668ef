package dev.kiln.runtime;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.ImageDecodeException;
import dev.kiln.runtime.data.image.ImageDecoder;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.Probabilities;
import dev.kiln.runtime.train.Task;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A trained network, ready to use: its weights on a backend, with what its checkpoint records about
 * the data it learned from (the class names, how pictures were resized and normalised), so that a
 * picture is treated exactly as in training and every answer is named.
 *
 * <pre>{@code
 * try (TrainedModel model = TrainedModel.load(LeNet5Model.create(), Path.of("runs/LeNet5/best.safetensors"))) {
 *     Prediction p = model.predict(Path.of("boot.png"));
 *     System.out.println(p.best().name());
 *     System.out.println(model.evaluate(FashionMnist.test()).accuracy());
 * }
 * }</pre>
 *
 * <p>A classifier whose checkpoint names fewer classes than it has softmax units (trained on a
 * subset of classes) predicts among the named classes only: its other units were never trained.
 * Data whose class names differ from the checkpoint's is refused ({@link #checkClasses}), rather
 * than answered with another data set's names. The backend is opened for inference (no optimiser
 * state is allocated) and closed with this object. Not for several threads at once, as its backend.
 */
public final class TrainedModel implements AutoCloseable {
    private final Backend backend;
    private final List<String> classNames;
    private final boolean named;
    private final Resize resize;
    private final Normalization normalization;

    private TrainedModel(Backend backend, List<String> classNames, boolean named, Resize resize,
                         Normalization normalization) {
        this.backend = backend;
        this.classNames = List.copyOf(classNames);
        this.named = named;
        this.resize = resize;
        this.normalization = normalization;
    }

    /** Loads a safetensors checkpoint written by Kiln's trainer onto the best backend ({@link BackendChoice#AUTO}). */
    public static TrainedModel load(KilnModel model, Path checkpoint) {
        return load(model, checkpoint, BackendChoice.AUTO);
    }

    /** Loads a safetensors checkpoint written by Kiln's trainer onto {@code choice}. */
    public static TrainedModel load(KilnModel model, Path checkpoint, BackendChoice choice) {
        Checkpoints.Loaded weights = Checkpoints.loadAll(checkpoint, model.spec());
        Map<String, String> metadata = Checkpoints.metadata(checkpoint);
        return on(Backends.open(model, choice.toString(), -1, forInference(), null), weights, metadata);
    }

    /**
     * The optimiser a backend opened only for inference gets: plain SGD, which keeps no state, so
     * nothing is allocated for an optimiser that never runs.
     */
    public static OptimizerConfig forInference() {
        return OptimizerConfig.sgd().build();
    }

    /**
     * Puts {@code weights} on {@code backend} (which this object then owns and closes), reading the
     * class names, the resize mode and the normalisation from {@code metadata} (a checkpoint's; empty
     * for weights that record none, e.g. Keras'), each missing one defaulting as in training: the
     * outputs named {@code class 0, class 1, ...}, pictures stretched, pixels not normalised.
     */
    public static TrainedModel on(Backend backend, Checkpoints.Loaded weights, Map<String, String> metadata) {
        try {
            backend.setParameters(weights.params());
            backend.setState(weights.state());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        NetworkSpec spec = backend.spec();
        List<String> recorded = Checkpoints.classNames(metadata);
        int units = outputClasses(spec);
        boolean named = !recorded.isEmpty();
        if (named && spec.loss() != Loss.MEAN_SQUARED_ERROR && recorded.size() > units) {
            backend.close();
            throw new KilnException(spec.simpleName() + " has " + units + " output classes, but its checkpoint names "
                    + recorded.size() + " " + recorded + "; the weights belong to another network");
        }
        List<String> names = named ? recorded : IntStream.range(0, units).mapToObj(i -> "class " + i).toList();
        String r = metadata.get(Dataset.METADATA_RESIZE);
        String n = metadata.get(Dataset.METADATA_NORMALIZE);
        return new TrainedModel(backend, names, named, r == null ? Resize.STRETCH : Resize.parse(r),
                n == null ? Normalization.NONE : Normalization.parse(n));
    }

    /**
     * This model with pictures resized by {@code resize} and normalised by {@code normalization} instead
     * of as its checkpoint says (null keeps the checkpoint's). It shares this object's backend: close one
     * of the two.
     */
    public TrainedModel withPreprocessing(Resize resize, Normalization normalization) {
        return new TrainedModel(backend, classNames, named, resize != null ? resize : this.resize,
                normalization != null ? normalization : this.normalization);
    }

    /**
     * This model with its classes named {@code names} (for weights that record none, e.g. Keras', or to
     * rename them); at most one name per output class. It shares this object's backend: close one of the two.
     */
    public TrainedModel withClassNames(List<String> names) {
        int units = outputClasses(spec());
        if (names.size() > units || names.isEmpty()) {
            throw new KilnException(spec().simpleName() + " has " + units + " output classes, so it takes 1 to " + units
                    + " class names, not " + names.size() + " " + names);
        }
        return new TrainedModel(backend, names, true, resize, normalization);
    }

    /** The network. */
    public NetworkSpec spec() {
        return backend.spec();
    }

    /** The backend the weights are on, e.g. for {@link Backend#description()}. */
    public Backend backend() {
        return backend;
    }

    /**
     * The names of the classes this model predicts among, in label order: the checkpoint's, or
     * {@code class 0, class 1, ...} when it records none. Empty for a network with no classes
     * (trained with mean squared error).
     */
    public List<String> classNames() {
        return classNames;
    }

    /** Whether the classes have names (from the checkpoint or {@link #withClassNames}), else they are {@code class 0, class 1, ...}. */
    public boolean hasClassNames() {
        return named;
    }

    /** How pictures of another shape reach the input size: as in training, unless {@link #withPreprocessing} changed it. */
    public Resize resize() {
        return resize;
    }

    /** How pixels in [0, 1] are standardised: as in training, unless {@link #withPreprocessing} changed it. */
    public Normalization normalization() {
        return normalization;
    }

    /** The input of one picture (PNG, JPEG, BMP or GIF), decoded, resized and normalised as training did. */
    public float[] input(Path picture) {
        return input(picture, false);
    }

    /**
     * The input of one picture, decoded (grey levels for one channel, RGB for three), resized by
     * {@link #resize()}, scaled to [0, 1], inverted first when {@code invert} (a dark object on white
     * becomes Fashion-MNIST's light on black), then normalised by {@link #normalization()}.
     *
     * @throws KilnException when the file is missing or not a readable picture (in one line)
     */
    public float[] input(Path picture, boolean invert) {
        Shape in = spec().input();
        if (!Files.isRegularFile(picture)) {
            throw new KilnException(picture + ": no such file");
        }
        if (in.channels() != 1 && in.channels() != 3) {
            throw new KilnException("pictures give 1 (grey) or 3 (RGB) channels, but " + spec().simpleName() + " takes " + in);
        }
        byte[] chw;
        try {
            chw = new ImageDecoder(in.channels(), in.height(), in.width(), resize).decode(picture);
        } catch (ImageDecodeException e) {
            throw new KilnException(picture + ": not a readable image (" + e.getMessage() + ")", e);
        }
        float[] pixels = new float[chw.length];
        ImageDecoder.toUnit(chw, 0, chw.length, pixels, 0);
        if (invert) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = 1 - pixels[i];
            }
        }
        int plane = in.height() * in.width();
        for (int c = 0; c < in.channels(); c++) {
            normalization.apply(pixels, c * plane, plane, c);
        }
        return pixels;
    }

    /** The classes' probabilities for one picture, decoded as training did. */
    public Prediction predict(Path picture) {
        return predict(input(picture));
    }

    /**
     * The classes' probabilities for one input ({@code (C, H, W)} floats, prepared as the training
     * data was), named by {@link #classNames()}. A softmax network with more units than classes gives
     * the probabilities among its classes (the softmax of their outputs alone).
     */
    public Prediction predict(float[] image) {
        NetworkSpec spec = spec();
        requireClasses("predict");
        if (image.length != spec.input().intSize()) {
            throw new KilnException(spec.simpleName() + " takes " + spec.input() + " (" + spec.input().intSize()
                    + " values), but the input has " + image.length);
        }
        float[] outputs = new float[spec.output().intSize()];
        backend.plan(1);
        backend.predict(image, 1, outputs);
        double[] all = Probabilities.of(spec, outputs);
        double[] p = new double[classNames.size()];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += all[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = all[i] / sum;
        }
        return new Prediction(classNames, p);
    }

    /**
     * The figures on {@code data}, for the task the network's loss implies: classification for
     * softmax cross-entropy, the two named classes for binary cross-entropy. Data whose classes differ
     * from this model's is refused ({@link #checkClasses}).
     */
    public Evaluation evaluate(Dataset data) {
        requireClasses("evaluate");
        Task task = spec().loss() == Loss.BINARY_CROSS_ENTROPY ? Task.binaryClasses(data.classNames()) : Task.classification();
        return evaluate(data, task);
    }

    /**
     * The figures on {@code data} for {@code task}; when the task has classes, data whose classes (as the
     * task names them) differ from this model's is refused ({@link #checkClasses}).
     */
    public Evaluation evaluate(Dataset data, Task task) {
        if (task.hasAccuracy()) {
            checkClasses(task.classNames(data), data.name(), true);
        }
        return Evaluation.evaluate(backend, data, task);
    }

    /**
     * Refuses data whose class names differ from this model's: class {@code i} must have the same name
     * in both (a model knows nothing of another data set's classes). With {@code all}, every class of the
     * data must be one the model knows (to evaluate); else the data may have more (to look at one image).
     * A model without recorded names takes any data with no more classes than it has outputs.
     *
     * @param theirs the data's class names, in label order, as the task counts them
     * @param source what the data is, for the message
     * @throws KilnException naming both lists of classes
     */
    public void checkClasses(List<String> theirs, String source, boolean all) {
        String net = spec().simpleName();
        if (!named) {
            if (all && theirs.size() > classNames.size()) {
                throw new KilnException(net + " has " + classNames.size() + " output classes, but " + source + " has "
                        + theirs.size() + " classes " + theirs);
            }
            return;
        }
        boolean differ = spec().loss() == Loss.BINARY_CROSS_ENTROPY && !theirs.equals(classNames);
        for (int i = 0; i < Math.min(theirs.size(), classNames.size()); i++) {
            differ |= !theirs.get(i).equals(classNames.get(i));
        }
        if (differ) {
            throw new KilnException(source + " has the classes " + theirs + ", but " + net + " was trained on " + classNames
                    + " (its checkpoint's names); use data of those classes, in that order");
        }
        if (all && theirs.size() > classNames.size()) {
            throw new KilnException(net + " was trained on " + classNames.size() + " classes " + classNames + ", but "
                    + source + " has " + theirs.size() + " " + theirs + "; keep the classes it knows (--classes "
                    + String.join(",", IntStream.range(0, classNames.size()).mapToObj(Integer::toString).toList())
                    + " on the command line, Dataset.selectClasses in Java)");
        }
    }

    /**
     * What layer {@code layer} outputs for one input ({@code (C, H, W)} floats): its channels' maps,
     * {@code layer}'s output shape as {@link Op#output()} gives it.
     */
    public float[] featureMaps(String layer, float[] image) {
        NetworkSpec spec = spec();
        int index;
        try {
            index = spec.layerIndex(layer);
        } catch (IllegalArgumentException e) {
            throw new KilnException(e.getMessage(), e);
        }
        float[] maps = new float[spec.layers().get(index).output().intSize()];
        backend.plan(1);
        backend.layerOutput(index, image, 1, maps);
        return maps;
    }

    /** Closes the backend. */
    @Override
    public void close() {
        backend.close();
    }

    /** The classes a network's outputs stand for: its softmax units, 2 for one sigmoid unit, none for an image. */
    private static int outputClasses(NetworkSpec spec) {
        return switch (spec.loss()) {
            case BINARY_CROSS_ENTROPY -> 2;
            case SOFTMAX_CROSS_ENTROPY -> spec.output().intSize();
            default -> 0;
        };
    }

    private void requireClasses(String what) {
        if (classNames.isEmpty()) {
            throw new KilnException(spec().simpleName() + " is trained with " + spec().loss() + " and has no classes to "
                    + what + "; look at its output with featureMaps");
        }
    }

    @Override
    public String toString() {
        return spec().simpleName() + " on " + backend.description() + ", " + classNames.size() + " classes";
    }
}
