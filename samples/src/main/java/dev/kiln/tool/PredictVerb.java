package dev.kiln.tool;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code kiln predict SPEC --weights FILE --image FILE.png|--index N}: the most likely classes with
 * their probabilities, named as the checkpoint records them (else as the data names them).
 */
final class PredictVerb implements Verb {
    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String description() {
        return "classify one image (a file or a test-set index): top classes with probabilities";
    }

    @Override
    public String synopsis() {
        return "predict SPEC --weights FILE (--image FILE.png | --index N) [--top K] [--invert] [options]";
    }

    @Override
    public List<Option> options() {
        return Options.concat(List.of(
                Option.value("weights", "FILE", "a safetensors file written by kiln train"),
                Option.value("image", "FILE", "a PNG, JPEG, BMP or GIF picture, resized to the network's input"),
                Option.value("index", "N", "image N of the test set instead of a file"),
                Option.value("top", "K", "how many classes to list (default 3)"),
                Option.flag("invert", "invert the picture's pixels (a dark object on white becomes Fashion-MNIST's light on black)")),
                DataOptions.TEST_OPTIONS);
    }

    @Override
    public int run(Args args, Session session) throws Exception {
        KilnModel model = session.model(args.single("spec name"));
        NetworkSpec spec = model.spec();
        if (spec.loss() == Loss.MEAN_SQUARED_ERROR) {
            throw new KilnException(spec.simpleName() + " is trained with " + spec.loss() + " and has no classes to predict; "
                    + "use kiln featuremaps to look at its output");
        }
        if (args.has("image") == args.has("index")) {
            throw new UsageException("give exactly one of --image FILE and --index N");
        }
        float[] weights = session.weights(model);
        Map<String, String> metadata = session.weightsMetadata();
        DataOptions options = DataOptions.from(args);
        List<String> names = DataOptions.checkpointClasses(metadata);
        float[] image;
        String what;
        if (args.has("index")) {
            DataLoading.Prepared data = DataLoading.load(spec, options, false, metadata, 0, session.out);
            Dataset test = data.test();
            if (names.isEmpty() || options.labelsFile() != null || options.classes() != null) {
                names = data.work().task().classNames(test);
            }
            int index = args.integer("index", 0, 0);
            image = InputImages.fromDataset(test, index);
            what = "image " + index + " of " + test.name() + " (labelled " + names.get(data.work().task().actualClass(test, index)) + ")";
        } else {
            Path file = args.path("image", null);
            image = InputImages.fromFile(file, spec.input(), args.flag("invert"), options.resizeOr(metadata),
                    options.normalizeOr(metadata));
            what = file + (args.flag("invert") ? " (inverted)" : "");
            if (options.labelsFile() != null) {
                names = options.labelNames();
            } else if (names.isEmpty()) {
                names = namesWithoutCheckpoint(spec, options, session);
            }
        }
        float[] outputs = new float[spec.output().intSize()];
        try (Backend backend = session.backend(model, OptimizerConfig.adam())) {
            backend.setParameters(weights);
            backend.plan(1);
            backend.predict(image, 1, outputs);
        }
        double[] p = Probabilities.of(spec, outputs);
        List<String> shown = names.size() == p.length ? names
                : IntStream.range(0, p.length).mapToObj(i -> "class " + i).toList();
        int top = Math.min(args.integer("top", 3, 1), p.length);
        session.out.println(spec.simpleName() + " on " + what + ":");
        int width = shown.stream().mapToInt(String::length).max().orElse(5);
        IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -p[i])).limit(top)
                .forEach(i -> session.out.printf(Locale.ROOT, "  %-" + width + "s  %.4f%n", shown.get(i), p[i]));
        return 0;
    }

    /** Weights without class names (trained elsewhere): the names of the spec's own data, else none. */
    private static List<String> namesWithoutCheckpoint(NetworkSpec spec, DataOptions options, Session session) {
        try {
            DataLoading.Prepared data = DataLoading.load(spec, options, false, Map.of(), 0, session.out);
            return data.work().task().classNames(data.test());
        } catch (KilnException e) {
            return List.of();
        }
    }
}
