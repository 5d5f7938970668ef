package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.viz.FilterPicture;
import dev.kiln.runtime.viz.Pngs;
import dev.kiln.spec.LayerKind;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** {@code kiln filters SPEC --weights FILE --layer NAME --out FILE.png}: a conv layer's kernels, one tile per (filter, input channel). */
final class FiltersVerb implements Verb {
    @Override
    public String name() {
        return "filters";
    }

    @Override
    public String description() {
        return "draw a conv layer's learned kernels, one tile per (filter, input channel)";
    }

    @Override
    public String synopsis() {
        return "filters SPEC --weights FILE [--layer NAME] [--out FILE.png] [options]";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("weights", "FILE", "a safetensors file written by kiln train, or Keras .h5 weights"),
                Session.KERAS_ORDER,
                Option.value("layer", "NAME", "a conv layer (default: the first)"),
                Option.value("out", "FILE.png", "where the picture goes (default runs/SPEC/filters-LAYER.png)"));
    }

    @Override
    public int run(Args args, Session session) throws Exception {
        KilnModel model = session.model(args.single("spec name"));
        NetworkSpec spec = model.spec();
        List<String> convs = spec.layers().stream().filter(l -> l.kind() == LayerKind.CONV2D).map(LayerSpec::name).toList();
        if (convs.isEmpty()) {
            throw new KilnException(spec.simpleName() + " has no conv layer, so no filters to draw");
        }
        String layerName = args.string("layer", convs.get(0));
        LayerSpec layer;
        try {
            layer = spec.layer(layerName);
        } catch (IllegalArgumentException e) {
            throw new KilnException("--layer: " + e.getMessage());
        }
        if (layer.kind() != LayerKind.CONV2D) {
            throw new KilnException("--layer " + layerName + " is a " + layer.kind().displayName()
                    + " layer; filters are drawn for conv layers: " + convs);
        }
        float[] params = session.weights(model);
        ParamSpec weight = spec.param(layerName + ".weight");
        float[] w = Arrays.copyOfRange(params, weight.offset(), weight.offset() + weight.size());
        Path out = args.path("out", Path.of("runs", spec.simpleName(), "filters-" + layerName + ".png"));
        String title = spec.simpleName() + " " + weight.name() + " " + TrainingReport.shapeText(weight.shape());
        Pngs.write(FilterPicture.render(title, w, weight.shape()), out);
        int[] s = weight.shape();
        session.out.println("wrote " + out + ": " + s[0] + " filters x " + s[1]
                + (s[1] == 1 ? " input channel" : " input channels") + " of " + s[2] + "x" + s[3]
                + " from " + layerName);
        return 0;
    }
}
