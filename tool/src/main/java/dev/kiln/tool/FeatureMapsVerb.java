package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.TrainedModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.viz.FeatureMapPicture;
import dev.kiln.runtime.viz.Pngs;
import dev.kiln.samples.Recipe;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import java.nio.file.Path;
import java.util.Map;
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
    Integer index;

    @Option(names = "--image", paramLabel = "FILE", description = "a picture of your own (PNG, JPEG, BMP, GIF) instead "
            + "of a test image")
    Path picture;

    @Option(names = "--invert", description = "invert the picture's pixels (a dark object on white becomes light on black)")
    boolean invert;

    @Option(names = "--out", paramLabel = "FILE.png", description = "where the picture goes "
            + "(default runs/SPEC/featuremaps-LAYER-N.png)")
    Path out;

    @Mixin
    OverwriteOption overwrite;
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
        if (picture != null && index != null) {
            throw new UsageException("give one of --image FILE and --index N");
        }
        int n = index != null ? index : 0;
        String stem = picture == null ? Integer.toString(n) : stemOf(picture);
        Path file = out != null ? out : Path.of("runs", spec.simpleName(), "featuremaps-" + layerName + "-" + stem + ".png");
        overwrite.claim("--out", file);
        weights.load(model); // a missing or mismatched file fails before the data is read
        Map<String, String> metadata = weights.metadata();
        DataOptions options = data.options(0);
        DataLoading.Prepared prepared = picture != null ? null
                : DataLoading.load(spec, options, false, metadata, 0, session.out);
        float[] image;
        float[] maps;
        String label;
        String which;
        try (TrainedModel trained = weights.open(model, backends, options, session.out)) {
            if (picture != null) {
                image = InputImages.fromFile(trained, picture, invert);
                label = "";
                which = picture.toString();
            } else {
                Recipe work = prepared.work();
                Dataset test = prepared.test();
                image = InputImages.fromDataset(test, n);
                label = work.task().hasAccuracy()
                        ? ": " + work.task().classNames(test).get(work.task().actualClass(test, n)) : "";
                which = "test image " + n;
            }
            maps = trained.featureMaps(layerName, image);
        }
        String title = spec.simpleName() + " " + layerName + " " + layer.output() + ", " + which + label;
        Pngs.write(FeatureMapPicture.render(title, maps, layer.output(), image, spec.input()), file);
        session.out.println("wrote " + file + ": " + (layer.output().isVector() ? layer.output().channels() + " units"
                : layer.output().channels() + " channels of " + layer.output().height() + "x" + layer.output().width())
                + " from " + layerName + " (" + layer.kind().displayName() + ") for " + which + label);
        return 0;
    }

    private static String stemOf(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
