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

/** {@code kiln predict SPEC --weights FILE --image FILE.png|--index N}: the most likely classes with their probabilities. */
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
        return List.of(
                Option.value("weights", "FILE", "a safetensors file written by kiln train, or Keras .h5 weights"),
                Session.KERAS_ORDER,
                Option.value("image", "FILE.png", "a picture, resized to the network's input"),
                Option.value("index", "N", "image N of the test set instead of a file"),
                Option.value("top", "K", "how many classes to list (default 3)"),
                Option.flag("invert", "invert the picture's pixels (a dark object on white becomes Fashion-MNIST's light on black)"),
                Option.value("data", "DIR", "a directory with the Fashion-MNIST IDX files"));
    }

    @Override
    public int run(Args args, Session session) throws Exception {
        KilnModel model = session.model(args.single("spec name"));
        NetworkSpec spec = model.spec();
        Workload work = Workload.of(spec);
        if (!work.task().hasAccuracy()) {
            throw new KilnException(spec.simpleName() + " is trained with " + spec.loss() + " and has no classes to predict; "
                    + "use kiln featuremaps to look at its output");
        }
        if (args.has("image") == args.has("index")) {
            throw new UsageException("give exactly one of --image FILE.png and --index N");
        }
        float[] weights = session.weights(model);
        Dataset test = work.test(args.path("data", null));
        List<String> names = work.task().classNames(test);
        float[] image;
        String what;
        if (args.has("index")) {
            int index = args.integer("index", 0, 0);
            image = InputImages.fromDataset(test, index);
            what = "image " + index + " of " + test.name() + " (labelled " + names.get(work.task().actualClass(test, index)) + ")";
        } else {
            Path file = args.path("image", null);
            image = InputImages.fromFile(file, spec.input(), args.flag("invert"));
            what = file + (args.flag("invert") ? " (inverted)" : "");
        }
        float[] outputs = new float[spec.output().intSize()];
        try (Backend backend = session.backend(model, OptimizerConfig.adam())) {
            backend.setParameters(weights);
            backend.plan(1);
            backend.predict(image, 1, outputs);
        }
        double[] p = Probabilities.of(spec, outputs);
        int top = Math.min(args.integer("top", 3, 1), p.length);
        session.out.println(spec.simpleName() + " on " + what + ":");
        int width = names.stream().mapToInt(String::length).max().orElse(5);
        IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -p[i])).limit(top)
                .forEach(i -> session.out.printf(Locale.ROOT, "  %-" + width + "s  %.4f%n", names.get(i), p[i]));
        return 0;
    }
}
