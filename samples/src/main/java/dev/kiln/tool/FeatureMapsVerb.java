package dev.kiln.tool;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.viz.FeatureMapPicture;
import dev.kiln.runtime.viz.Pngs;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.NetworkSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code kiln featuremaps SPEC --weights FILE --layer NAME --index N --out FILE.png}: every channel
 * of one layer's output for one test image, labelled, with the input first.
 */
final class FeatureMapsVerb implements Verb {
    @Override
    public String name() {
        return "featuremaps";
    }

    @Override
    public String description() {
        return "draw every channel a layer outputs for one test image (what the layer sees)";
    }

    @Override
    public String synopsis() {
        return "featuremaps SPEC --weights FILE --layer NAME [--index N] [--out FILE.png] [options]";
    }

    @Override
    public List<Option> options() {
        return Options.concat(List.of(
                Option.value("weights", "FILE", "a safetensors file written by kiln train"),
                Option.value("layer", "NAME", "the layer (field name), e.g. c1"),
                Option.value("index", "N", "the test image (default 0)"),
                Option.value("image", "FILE", "a picture of your own (PNG, JPEG, BMP, GIF) instead of a test image"),
                Option.flag("invert", "invert the picture's pixels (a dark object on white becomes light on black)"),
                Option.value("out", "FILE.png", "where the picture goes (default runs/SPEC/featuremaps-LAYER-N.png)")),
                DataOptions.TEST_OPTIONS);
    }

    @Override
    public int run(Args args, Session session) throws Exception {
        KilnModel model = session.model(args.single("spec name"));
        NetworkSpec spec = model.spec();
        String layerName = args.required("layer", "one of " + spec.layers().stream().map(LayerSpec::name).toList());
        int layerIndex;
        try {
            layerIndex = spec.layerIndex(layerName);
        } catch (IllegalArgumentException e) {
            throw new KilnException("--layer: " + e.getMessage());
        }
        LayerSpec layer = spec.layers().get(layerIndex);
        if (args.has("image") && args.has("index")) {
            throw new UsageException("give one of --image FILE and --index N");
        }
        int index = args.integer("index", 0, 0);
        Path picture = args.path("image", null);
        String stem = picture == null ? Integer.toString(index) : stemOf(picture);
        Path out = args.path("out", Path.of("runs", spec.simpleName(), "featuremaps-" + layerName + "-" + stem + ".png"));
        float[] weights = session.weights(model);
        Map<String, String> metadata = session.weightsMetadata();
        DataOptions options = DataOptions.from(args);
        float[] image;
        String label;
        String which;
        if (picture != null) {
            image = InputImages.fromFile(picture, spec.input(), args.flag("invert"), options.resizeOr(metadata),
                    options.normalizeOr(metadata));
            label = "";
            which = picture.toString();
        } else {
            DataLoading.Prepared data = DataLoading.load(spec, options, false, metadata, 0, session.out);
            Workload work = data.work();
            Dataset test = data.test();
            image = InputImages.fromDataset(test, index);
            label = work.task().hasAccuracy()
                    ? ": " + work.task().classNames(test).get(work.task().actualClass(test, index)) : "";
            which = "test image " + index;
        }
        float[] maps = new float[layer.output().intSize()];
        try (Backend backend = session.backend(model, OptimizerConfig.adam())) {
            backend.setParameters(weights);
            backend.plan(1);
            backend.layerOutput(layerIndex, image, 1, maps);
        }
        String title = spec.simpleName() + " " + layerName + " " + layer.output() + ", " + which + label;
        Pngs.write(FeatureMapPicture.render(title, maps, layer.output(), image, spec.input()), out);
        session.out.println("wrote " + out + ": " + (layer.output().isVector() ? layer.output().channels() + " units"
                : layer.output().channels() + " channels of " + layer.output().height() + "x" + layer.output().width())
                + " from " + layerName + " (" + layer.kind().displayName() + ") for " + which + label);
        return 0;
    }

    private static String stemOf(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
