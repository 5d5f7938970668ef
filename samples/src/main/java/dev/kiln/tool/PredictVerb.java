package dev.kiln.tool;

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
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiln predict SPEC --weights FILE --image FILE.png|--index N}: the most likely classes with their probabilities. */
@Command(name = "predict", description = "classify one image (a file or a test-set index): top classes with probabilities")
final class PredictVerb extends Verb {
    @Mixin
    ModelOptions network;
    @Mixin
    WeightsOption weights;

    @Option(names = "--image", paramLabel = "FILE.png", description = "a picture, resized to the network's input")
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
            throw new UsageException("give exactly one of --image FILE.png and --index N");
        }
        KilnModel model = network.model();
        NetworkSpec spec = model.spec();
        Workload work = Workload.of(spec);
        if (!work.task().hasAccuracy()) {
            throw new KilnException(spec.simpleName() + " is trained with " + spec.loss() + " and has no classes to predict; "
                    + "use kiln featuremaps to look at its output");
        }
        float[] params = weights.load(model);
        Dataset test = work.test(data.dir);
        List<String> names = work.task().classNames(test);
        float[] input;
        String what;
        if (index != null) {
            input = InputImages.fromDataset(test, index);
            what = "image " + index + " of " + test.name() + " (labelled " + names.get(work.task().actualClass(test, index)) + ")";
        } else {
            input = InputImages.fromFile(image, spec.input(), invert);
            what = image + (invert ? " (inverted)" : "");
        }
        float[] outputs = new float[spec.output().intSize()];
        try (Backend backend = backends.open(model, OptimizerConfig.adam(), session.out)) {
            backend.setParameters(params);
            backend.plan(1);
            backend.predict(input, 1, outputs);
        }
        double[] p = Probabilities.of(spec, outputs);
        int shown = Math.min(top, p.length);
        session.out.println(spec.simpleName() + " on " + what + ":");
        int width = names.stream().mapToInt(String::length).max().orElse(5);
        IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -p[i])).limit(shown)
                .forEach(i -> session.out.printf(Locale.ROOT, "  %-" + width + "s  %.4f%n", names.get(i), p[i]));
        return 0;
    }
}
