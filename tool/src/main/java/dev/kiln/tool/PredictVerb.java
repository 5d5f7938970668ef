package dev.kiln.tool;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Prediction;
import dev.kiln.runtime.TrainedModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Probabilities;
import dev.kiln.spec.NetworkSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln predict SPEC --weights FILE --image FILE|--index N}: the most likely classes with their
 * probabilities ({@link TrainedModel#predict}), named as the checkpoint records them (else as the data
 * names them). Data whose classes differ from the checkpoint's is refused.
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
        weights.load(model); // a missing or mismatched file fails before the data is read
        Map<String, String> metadata = weights.metadata();
        DataOptions options = data.options(0);
        boolean dataGiven = index != null || options.dataDir() != null || options.classes() != null
                || options.labelsFile() != null;
        DataLoading.Prepared prepared = null;
        if (dataGiven) {
            prepared = DataLoading.load(spec, options, false, metadata, 0, session.out);
        } else if (Checkpoints.classNames(metadata).isEmpty()) {
            prepared = namesWithoutCheckpoint(spec, options, session);
        }
        try (TrainedModel trained = weights.open(model, backends, options, session.out)) {
            TrainedModel named = trained;
            List<String> theirs = prepared == null ? List.of() : prepared.work().task().classNames(prepared.test());
            if (prepared != null && !trained.hasClassNames() && theirs.size() <= trained.classNames().size()) {
                named = trained.withClassNames(theirs); // weights that record no names: the data's
            } else if (prepared != null && dataGiven) {
                trained.checkClasses(theirs, prepared.test().name(), false);
            }
            float[] input;
            String what;
            if (index != null) {
                Dataset test = prepared.test();
                input = InputImages.fromDataset(test, index);
                what = "image " + index + " of " + test.name() + " (labelled "
                        + theirs.get(prepared.work().task().actualClass(test, index)) + ")";
            } else {
                input = InputImages.fromFile(named, image, invert);
                what = image + (invert ? " (inverted)" : "");
            }
            Prediction p = named.predict(input);
            session.out.println(spec.simpleName() + " on " + what + ":");
            int width = p.classNames().stream().mapToInt(String::length).max().orElse(5);
            for (Prediction.Scored s : p.top(top)) {
                session.out.printf(Locale.ROOT, "  %-" + width + "s  %.4f%n", s.name(), s.probability());
            }
        }
        return 0;
    }

    /** Weights without class names (trained elsewhere): the spec's own data, for its names, if there is any. */
    private static DataLoading.Prepared namesWithoutCheckpoint(NetworkSpec spec, DataOptions options, Session session) {
        try {
            return DataLoading.load(spec, options, false, Map.of(), 0, session.out);
        } catch (KilnException e) {
            return null;
        }
    }
}
