package dev.kiln.tool;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.viz.FeatureMapPicture;
import dev.kiln.runtime.viz.Pngs;
import dev.kiln.spec.Op;
import dev.kiln.spec.NetworkSpec;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln featuremaps SPEC --weights FILE --layer NAME --index N --out FILE.png}: every channel
 * of one layer's output for one test image, labelled, with the input first.
 */
@Command(name = "featuremaps", description = "draw every channel a layer outputs for one test image (what the layer sees)")
final class FeatureMapsVerb extends Verb {
    @Mixin
    ModelOptions network;
    @Mixin
    WeightsOption weights;

    @Option(names = "--layer", paramLabel = "NAME", required = true, description = "the layer (field name), e.g. c1")
    String layerName;

    @Option(names = "--index", paramLabel = "N", converter = Converters.NonNegative.class,
            description = "the test image (default 0)")
    int index;

    @Option(names = "--out", paramLabel = "FILE.png", description = "where the picture goes "
            + "(default runs/SPEC/featuremaps-LAYER-N.png)")
    Path out;

    @Mixin
    DataOption data;
    @Mixin
    BackendOptions backends;

    @Override
    int run(Session session) throws Exception {
        KilnModel model = network.model();
        NetworkSpec spec = model.spec();
        int layerIndex;
        try {
            layerIndex = spec.layerIndex(layerName);
        } catch (IllegalArgumentException e) {
            throw new KilnException("--layer: " + e.getMessage());
        }
        Op layer = spec.layers().get(layerIndex);
        Path file = out != null ? out : Path.of("runs", spec.simpleName(), "featuremaps-" + layerName + "-" + index + ".png");
        Workload work = Workload.of(spec);
        float[] params = weights.load(model);
        Dataset test = work.test(data.dir);
        float[] image = InputImages.fromDataset(test, index);
        float[] maps = new float[layer.output().intSize()];
        try (Backend backend = backends.open(model, OptimizerConfig.adam(), session.out)) {
            backend.setParameters(params);
            backend.plan(1);
            backend.layerOutput(layerIndex, image, 1, maps);
        }
        String label = work.task().hasAccuracy()
                ? ": " + work.task().classNames(test).get(work.task().actualClass(test, index)) : "";
        String title = spec.simpleName() + " " + layerName + " " + layer.output() + ", test image " + index + label;
        Pngs.write(FeatureMapPicture.render(title, maps, layer.output(), image, spec.input()), file);
        session.out.println("wrote " + file + ": " + (layer.output().isVector() ? layer.output().channels() + " units"
                : layer.output().channels() + " channels of " + layer.output().height() + "x" + layer.output().width())
                + " from " + layerName + " (" + layer.kind().displayName() + ") for test image " + index + label);
        return 0;
    }
}
