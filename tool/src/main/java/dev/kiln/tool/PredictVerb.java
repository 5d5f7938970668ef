package dev.kiln.tool;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Probabilities;
import dev.kiln.spec.NetworkSpec;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln predict SPEC --weights FILE --image FILE|--index N}: the most likely classes with their
 * probabilities, named as the checkpoint records them (else as the data names them).
 */
@Command(name = "predict", description = "classify one image (a file or a test-set index): top classes with probabilities")
final class PredictVerb extends Verb {
    @Mixin
    ModelOptions network;
    @Mixin
    WeightsOption weights;

    @Option(names = "--image", paramLabel = "FILE", description = "a PNG, JPEG, BMP or GIF picture, decoded and resized as "
            + "the training pictures were")
    Path image;

    @Option(names = "--index", paramLabel = "N", converter = Converters.NonNegative.class,
            description = "image N of the test set instead of a file")
    Integer index;

    @Option(names = "--top", paramLabel = "K", converter = Converters.Positive.class,
            description = "how many classes to list (default 3)")
    int top = 3;

    @Option(names = "--invert", description = "invert the picture's pixels (a dark object on white becomes Fashion-MNIST's "
            + "light on black)")
    boolean invert;

    @Mixin
    DataOption data;
    @Mixin
    BackendOptions backends;

    @Override
    int run(Session session) throws Exception {
        if ((image == null) == (index == null)) {
            throw new UsageException("give exactly one of --image FILE and --index N");
        }
        KilnModel model = network.model();
        NetworkSpec spec = model.spec();
        if (spec.loss() == Loss.MEAN_SQUARED_ERROR) {
            throw new KilnException(spec.simpleName() + " is trained with " + spec.loss() + " and has no classes to predict; "
                    + "use kiln featuremaps to look at its output");
        }
        Checkpoints.Loaded loaded = weights.load(model);
        Map<String, String> metadata = weights.metadata();
        DataOptions options = data.options(0);
        List<String> names = DataOptions.checkpointClasses(metadata);
        float[] input;
        String what;
        if (index != null) {
            DataLoading.Prepared prepared = DataLoading.load(spec, options, false, metadata, 0, session.out);
            Dataset test = prepared.test();
            if (names.isEmpty() || options.labelsFile() != null || options.classes() != null) {
                names = prepared.work().task().classNames(test);
            }
            input = InputImages.fromDataset(test, index);
            what = "image " + index + " of " + test.name() + " (labelled "
                    + names.get(prepared.work().task().actualClass(test, index)) + ")";
        } else {
            input = InputImages.fromFile(image, spec.input(), invert, options.resizeOr(metadata), options.normalizeOr(metadata));
            what = image + (invert ? " (inverted)" : "");
            if (options.labelsFile() != null) {
                names = options.labelNames();
            } else if (names.isEmpty()) {
                names = namesWithoutCheckpoint(spec, options, session);
            }
        }
        float[] outputs = new float[spec.output().intSize()];
        try (Backend backend = backends.open(model, OptimizerConfig.adam().build(), session.out)) {
            backend.setParameters(loaded.params());
            backend.setState(loaded.state());
            backend.plan(1);
            backend.predict(input, 1, outputs);
        }
        double[] p = Probabilities.of(spec, outputs);
        List<String> labels = names.size() == p.length ? names
                : IntStream.range(0, p.length).mapToObj(i -> "class " + i).toList();
        int shown = Math.min(top, p.length);
        session.out.println(spec.simpleName() + " on " + what + ":");
        int width = labels.stream().mapToInt(String::length).max().orElse(5);
        IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -p[i])).limit(shown)
                .forEach(i -> session.out.printf(Locale.ROOT, "  %-" + width + "s  %.4f%n", labels.get(i), p[i]));
        return 0;
    }

    /** Weights without class names (trained elsewhere): the names of the spec's own data, else none. */
    private static List<String> namesWithoutCheckpoint(NetworkSpec spec, DataOptions options, Session session) {
        try {
            DataLoading.Prepared prepared = DataLoading.load(spec, options, false, Map.of(), 0, session.out);
            return prepared.work().task().classNames(prepared.test());
        } catch (KilnException e) {
            return List.of();
        }
    }
}
