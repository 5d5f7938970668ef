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
        return List.of(
                Option.value("weights", "FILE", "a safetensors file written by kiln train, or Keras .h5 weights"),
                Session.KERAS_ORDER,
                Option.value("layer", "NAME", "the layer (field name), e.g. c1"),
                Option.value("index", "N", "the test image (default 0)"),
                Option.value("out", "FILE.png", "where the picture goes (default runs/SPEC/featuremaps-LAYER-N.png)"),
                Option.value("data", "DIR", "a directory with the Fashion-MNIST IDX files"));
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
        int index = args.integer("index", 0, 0);
        Path out = args.path("out", Path.of("runs", spec.simpleName(), "featuremaps-" + layerName + "-" + index + ".png"));
        Workload work = Workload.of(spec);
        float[] weights = session.weights(model);
        Dataset test = work.test(args.path("data", null));
        float[] image = InputImages.fromDataset(test, index);
        float[] maps = new float[layer.output().intSize()];
        try (Backend backend = session.backend(model, OptimizerConfig.adam())) {
            backend.setParameters(weights);
            backend.plan(1);
            backend.layerOutput(layerIndex, image, 1, maps);
        }
        String label = work.task().hasAccuracy()
                ? ": " + work.task().classNames(test).get(work.task().actualClass(test, index)) : "";
        String title = spec.simpleName() + " " + layerName + " " + layer.output() + ", test image " + index + label;
        Pngs.write(FeatureMapPicture.render(title, maps, layer.output(), image, spec.input()), out);
        session.out.println("wrote " + out + ": " + (layer.output().isVector() ? layer.output().channels() + " units"
                : layer.output().channels() + " channels of " + layer.output().height() + "x" + layer.output().width())
                + " from " + layerName + " (" + layer.kind().displayName() + ") for test image " + index + label);
        return 0;
    }
}
