package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.viz.FilterPicture;
import dev.kiln.runtime.viz.Pngs;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.ParamSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiln filters SPEC --weights FILE --layer NAME --out FILE.png}: a conv layer's kernels, one tile per (filter, input channel). */
@Command(name = "filters", description = "draw a conv layer's learned kernels, one tile per (filter, input channel)")
final class FiltersVerb extends Verb {
    @Mixin
    ModelOptions network;
    @Mixin
    WeightsOption weights;

    @Option(names = "--layer", paramLabel = "NAME", description = "a conv layer (default: the first)")
    String layerName;

    @Option(names = "--out", paramLabel = "FILE.png", description = "where the picture goes (default runs/SPEC/filters-LAYER.png)")
    Path out;

    @Mixin
    OverwriteOption overwrite;

    @Override
    int run(Session session) throws Exception {
        KilnModel model = network.model();
        NetworkSpec spec = model.spec();
        List<String> convs = spec.layers().stream().filter(Op::hasFilters).map(Op::name).toList();
        if (convs.isEmpty()) {
            throw new KilnException(spec.simpleName() + " has no conv layer, so no filters to draw");
        }
        String name = layerName != null ? layerName : convs.get(0);
        Op layer;
        try {
            layer = spec.layer(name);
        } catch (IllegalArgumentException e) {
            throw new KilnException("--layer: " + e.getMessage());
        }
        if (!layer.hasFilters()) {
            throw new KilnException("--layer " + name + " is a " + layer.kind().displayName()
                    + " layer; filters are drawn for conv layers: " + convs);
        }
        Path file = out != null ? out : Path.of("runs", spec.simpleName(), "filters-" + name + ".png");
        overwrite.claim("--out", file);
        float[] params = weights.load(model).params();
        ParamSpec weight = spec.param(name + ".weight");
        float[] w = Arrays.copyOfRange(params, weight.offset(), weight.offset() + weight.size());
        String title = spec.simpleName() + " " + weight.name() + " " + TrainingReport.shapeText(weight.shape());
        Pngs.write(FilterPicture.render(title, w, weight.shape()), file);
        int[] s = weight.shape();
        session.out.println("wrote " + file + ": " + s[0] + " filters x " + s[1]
                + (s[1] == 1 ? " input channel" : " input channels") + " of " + s[2] + "x" + s[3]
                + " from " + name);
        return 0;
    }
}
