package dev.kiln.interop.keras;

import dev.kiln.interop.InteropException;
import dev.kiln.spec.AddOp;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.ChannelShuffleOp;
import dev.kiln.spec.ConcatOp;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.DenseOp;
import dev.kiln.spec.DropoutOp;
import dev.kiln.spec.FlattenOp;
import dev.kiln.spec.GlobalAvgPool2dOp;
import dev.kiln.spec.MaxPool2dOp;
import dev.kiln.spec.MultiplyOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.ParamSpec;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.spec.Shape;
import dev.kiln.spec.SliceOp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where Keras weights meet Kiln's spec ({@code dev.kiln.spec}): which Keras layer
 * fills which Kiln layer (same name; with {@code --keras-order} the n-th layer with weights; and in
 * order without asking when the file's names are only Keras' defaults ({@code conv2d_1}, as Keras 3
 * writes them for unnamed layers) and the order fits every layer by shape), and the layout conversions:
 * <pre>
 *   Conv2D kernel   (kh, kw, in, out)  -&gt;  (out, in, kh, kw)
 *   Dense kernel    (in, out)          -&gt;  (out, in)
 *   the first Dense after a Flatten of an image (C, H, W): Keras flattened (H, W, C), Kiln (C, H, W),
 *                   so input row (h W + w) C + c becomes column (c H + h) W + w
 *   bias            (out)              -&gt;  (out)
 *   BatchNormalization gamma, beta     -&gt;  weight, bias; moving mean and variance -&gt; running_mean, running_var
 * </pre>
 * Every shape is checked before a value is read; nothing is returned unless every layer fits.
 */
public final class KerasToSpec {
    private KerasToSpec() {
    }

    /** Keras' names for layers nobody named: the class in snake case, numbered ({@code conv2d_1}). */
    private static final java.util.regex.Pattern DEFAULT_NAME = java.util.regex.Pattern.compile(
            "(conv2d|dense|batch_normalization|depthwise_conv2d|separable_conv2d|conv1d|conv2d_transpose)(_\\d+)?");

    /** The parameters and running statistics of {@code spec} from a Keras {@code .h5} / {@code .weights.h5} file. */
    public static Checkpoints.Loaded load(Path file, NetworkSpec spec, boolean byOrder) {
        return KerasWeightsFile.read(file, layers -> map(file, spec, layers, byOrder));
    }

    private static Checkpoints.Loaded map(Path file, NetworkSpec spec, List<KerasWeightsFile.Layer> keras, boolean byOrder) {
        List<Op> kiln = spec.layers().stream().filter(l -> !l.parameters().isEmpty()).toList();
        List<String> kerasNames = keras.stream().map(KerasWeightsFile.Layer::name).toList();
        List<String> kilnNames = kiln.stream().map(Op::name).toList();
        Map<String, KerasWeightsFile.Layer> chosen = new HashMap<>();
        boolean unnamed = keras.stream().allMatch(k -> !k.named() || DEFAULT_NAME.matcher(k.name()).matches());
        if (!byOrder && unnamed && keras.size() == kiln.size() && !kilnNames.equals(kerasNames)) {
            // Keras' default names carry no meaning: pair in order when that fits every layer
            try {
                return fillAll(file, spec, kiln, pairedInOrder(file, spec, kiln, keras));
            } catch (InteropException doesNotFit) {
                // fall through to the by-name error, which suggests --keras-order
            }
        }
        if (byOrder) {
            if (keras.size() != kiln.size()) {
                throw new InteropException(file + " has " + keras.size() + " Keras layers with weights " + kerasNames + " but "
                        + spec.simpleName() + " has " + kiln.size() + " layers with parameters " + kilnNames
                        + "; --keras-order pairs them in order. Nothing was loaded.");
            }
            chosen.putAll(pairedInOrder(file, spec, kiln, keras));
        } else {
            List<String> missing = new ArrayList<>();
            for (Op l : kiln) {
                keras.stream().filter(k -> k.name().equals(l.name())).findFirst().ifPresentOrElse(k -> chosen.put(l.name(), k),
                        () -> missing.add(l.name()));
            }
            List<String> extra = kerasNames.stream().filter(n -> !kilnNames.contains(n)).toList();
            if (!missing.isEmpty() || !extra.isEmpty()) {
                throw new InteropException(file + " does not fit " + spec.simpleName() + " by layer name: "
                        + (missing.isEmpty() ? "" : "no Keras layer for " + missing + "; ")
                        + (extra.isEmpty() ? "" : "Keras layers " + extra + " are not in " + spec.simpleName() + "; ")
                        + "the file has " + kerasNames + ", " + spec.simpleName() + " has " + kilnNames
                        + ". Name the fields as the Keras layers, or pass --keras-order to pair them in order. Nothing was loaded.");
            }
        }
        return fillAll(file, spec, kiln, chosen);
    }

    /**
     * Kiln's layers with parameters paired with Keras' in order: Keras 2's files list the model's order;
     * Keras 3's number the layers per class, so Kiln's convs are paired with conv2d, conv2d_1, ..., its
     * dense layers with dense, dense_1, ..., its batch norms with batch_normalization, ...
     */
    private static Map<String, KerasWeightsFile.Layer> pairedInOrder(Path file, NetworkSpec spec, List<Op> kiln,
                                                                      List<KerasWeightsFile.Layer> keras) {
        Map<String, KerasWeightsFile.Layer> chosen = new HashMap<>();
        if (keras.stream().anyMatch(k -> k.group() == null)) {
            for (int i = 0; i < kiln.size(); i++) {
                chosen.put(kiln.get(i).name(), keras.get(i));
            }
            return chosen;
        }
        Map<String, java.util.ArrayDeque<KerasWeightsFile.Layer>> byClass = new HashMap<>();
        for (KerasWeightsFile.Layer k : keras) {
            byClass.computeIfAbsent(k.kerasClass(), c -> new java.util.ArrayDeque<>()).add(k);
        }
        for (Op l : kiln) {
            String cls = l instanceof Conv2dOp ? layout(l) == Layout.DEPTHWISE ? "depthwise_conv2d" : "conv2d" : l instanceof DenseOp ? "dense" : l instanceof BatchNormOp
                    ? "batch_normalization" : l.kind().displayName();
            KerasWeightsFile.Layer k = byClass.getOrDefault(cls, new java.util.ArrayDeque<>()).poll();
            if (k == null) {
                throw new InteropException(file + ": " + spec.simpleName() + "'s " + l.name() + " has no Keras layer of class "
                        + cls + " left to pair with in order; the file has " + keras.stream().map(KerasWeightsFile.Layer::group)
                        .toList() + ". Nothing was loaded.");
            }
            chosen.put(l.name(), k);
        }
        return chosen;
    }

    private static Checkpoints.Loaded fillAll(Path file, NetworkSpec spec, List<Op> kiln, Map<String, KerasWeightsFile.Layer> chosen) {
        float[] params = new float[spec.parameterCount()];
        float[] state = spec.initialState();
        for (Op l : kiln) {
            if (l instanceof BatchNormOp) {
                fillBatchNorm(file, spec, l, chosen.get(l.name()), params, state);
            } else {
                fill(file, spec, l, chosen.get(l.name()), params);
            }
        }
        return new Checkpoints.Loaded(params, state);
    }

    /** gamma, beta, moving mean, moving variance (Keras' order; both layouts) into weight, bias and the running statistics. */
    private static void fillBatchNorm(Path file, NetworkSpec spec, Op l, KerasWeightsFile.Layer k, float[] params, float[] state) {
        String where = file + ": Keras layer " + k.name() + " for " + l.name();
        if (k.weights().size() != 4) {
            throw new InteropException(where + ": Keras has " + k.weights().size() + " weights, " + l.name() + " (a batch norm) "
                    + "needs 4: gamma, beta, moving mean and moving variance (scale=True, center=True). Nothing was loaded.");
        }
        ParamSpec weight = spec.param(l.name() + ".weight");
        int n = weight.size();
        String[] targets = {".weight", ".bias", ".running_mean", ".running_var"};
        for (int i = 0; i < 4; i++) {
            KerasWeightsFile.Weight w = k.weights().get(i);
            expect(where, w, new int[] {n}, "(channels)");
            float[] v = w.read(where);
            if (i < 2) {
                System.arraycopy(v, 0, params, spec.param(l.name() + targets[i]).offset(), n);
            } else {
                System.arraycopy(v, 0, state, stateOffset(spec, l.name() + targets[i]), n);
            }
        }
    }

    private static int stateOffset(NetworkSpec spec, String name) {
        for (ParamSpec p : spec.state()) {
            if (p.name().equals(name)) {
                return p.offset();
            }
        }
        throw new IllegalArgumentException(spec.simpleName() + " has no running statistic " + name);
    }

    /** How a kind's Keras weights map to its parameters. */
    private enum Layout {
        /** Conv2D: a (kh, kw, in / groups, out) kernel and an (out) bias. */
        CONV,
        /** DepthwiseConv2D: a (kh, kw, in, multiplier) kernel and an (in x multiplier) bias. */
        DEPTHWISE,
        /** Dense: an (in, out) kernel and an (out) bias. */
        DENSE,
        /** A kind with parameters whose Keras weights Kiln does not read (batch norm: no running statistics in the file's order). */
        REFUSED,
        /** No parameters, so no Keras weights. */
        NONE
    }

    /** Each kind's layout: the compiler lists this visitor when a kind is added. */
    private static Layout layout(Op op) {
        return op.accept(new Op.Visitor<Layout>() {
            /**
             * Conv2D's kernel, also with {@code groups} ((kh, kw, in / groups, out)); a depthwise conv with one filter
             * group per input channel is DepthwiseConv2D's (kh, kw, in, multiplier).
             */
            @Override
            public Layout conv(Conv2dOp op) {
                return op.groups() > 1 && op.groupChannels() == 1 ? Layout.DEPTHWISE : Layout.CONV;
            }

            @Override
            public Layout dense(DenseOp op) {
                return Layout.DENSE;
            }

            @Override
            public Layout batchNorm(BatchNormOp op) {
                return Layout.REFUSED;
            }

            @Override
            public Layout maxPool(MaxPool2dOp op) {
                return Layout.NONE;
            }

            @Override
            public Layout avgPool(AvgPool2dOp op) {
                return Layout.NONE;
            }

            @Override
            public Layout flatten(FlattenOp op) {
                return Layout.NONE;
            }

            @Override
            public Layout dropout(DropoutOp op) {
                return Layout.NONE;
            }

            @Override
            public Layout add(AddOp op) {
                return Layout.NONE;
            }

            @Override
            public Layout concat(ConcatOp op) {
                return Layout.NONE;
            }

            @Override
            public Layout globalAvgPool(GlobalAvgPool2dOp op) {
                return Layout.NONE;
            }

            @Override
            public Layout augment(AugmentOp op) {
                return Layout.NONE;
            }

            @Override
            public Layout multiply(MultiplyOp op) {
                return Layout.NONE;
            }

            @Override
            public Layout slice(SliceOp op) {
                return Layout.NONE;
            }

            @Override
            public Layout channelShuffle(ChannelShuffleOp op) {
                return Layout.NONE;
            }
        });
    }

    private static void fill(Path file, NetworkSpec spec, Op l, KerasWeightsFile.Layer k, float[] params) {
        String where = file + ": Keras layer " + k.name() + " for " + l.name();
        Layout layout = layout(l);
        if (layout != Layout.CONV && layout != Layout.DEPTHWISE && layout != Layout.DENSE) {
            throw new IllegalStateException(l.name() + ": a " + l.kind().displayName() + " layer has no Keras kernel to load");
        }
        ParamSpec weight = spec.param(l.name() + ".weight");
        int units = weight.shape()[0];
        boolean hasBias = spec.params().stream().anyMatch(p -> p.name().equals(l.name() + ".bias"));
        int expectedWeights = hasBias ? 2 : 1;
        if (k.weights().size() != expectedWeights) {
            throw new InteropException(where + ": Keras has " + k.weights().size() + " weights, " + l.name() + " ("
                    + l.kind().displayName() + (hasBias ? "" : ", bias = false") + ") needs " + expectedWeights
                    + ". Nothing was loaded.");
        }
        KerasWeightsFile.Weight kernel = k.weights().get(0);
        int[] ws = weight.shape();
        if (layout == Layout.CONV) {
            int out = ws[0], in = ws[1], kh = ws[2], kw = ws[3];
            expect(where, kernel, new int[] {kh, kw, in, out}, "(kh, kw, in, out)");
            float[] v = kernel.read(where);
            // each (y, x, i, o) of Keras' HWIO to (o, i, y, x)
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int i = 0; i < in; i++) {
                        for (int o = 0; o < out; o++) {
                            params[weight.offset() + ((o * in + i) * kh + y) * kw + x] = v[((y * kw + x) * in + i) * out + o];
                        }
                    }
                }
            }
        } else if (layout == Layout.DEPTHWISE) {
            int channels = ((Conv2dOp) l).input().channels();
            int multiplier = ws[0] / channels, kh = ws[2], kw = ws[3];
            expect(where, kernel, new int[] {kh, kw, channels, multiplier}, "(kh, kw, in, multiplier)");
            float[] v = kernel.read(where);
            // each (y, x, c, m) of Keras' kernel to filter c * multiplier + m, PyTorch's (out, 1, y, x)
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int c = 0; c < channels; c++) {
                        for (int m = 0; m < multiplier; m++) {
                            params[weight.offset() + ((c * multiplier + m) * kh + y) * kw + x] = v[((y * kw + x) * channels + c) * multiplier + m];
                        }
                    }
                }
            }
        } else {
            int out = ws[0], in = ws[1];
            expect(where, kernel, new int[] {in, out}, "(in, out)");
            float[] v = kernel.read(where);
            Shape image = flattenedImage(spec, (DenseOp) l);
            // each (row r, unit o) of Keras' (in, out) to (o, column); rows in (H, W, C) order after a flatten
            for (int r = 0; r < in; r++) {
                int column = r;
                if (image != null) {
                    int c = r % image.channels();
                    int hw = r / image.channels();
                    column = c * image.height() * image.width() + hw;
                }
                for (int o = 0; o < out; o++) {
                    params[weight.offset() + o * in + column] = v[r * out + o];
                }
            }
        }
        if (hasBias) {
            ParamSpec bias = spec.param(l.name() + ".bias");
            KerasWeightsFile.Weight b = k.weights().get(1);
            expect(where, b, new int[] {units}, "(out)");
            System.arraycopy(b.read(where), 0, params, bias.offset(), units);
        }
    }

    /** The image a flatten turned into this dense layer's input (Dropouts between skipped), or null. */
    private static Shape flattenedImage(NetworkSpec spec, DenseOp dense) {
        String from = dense.from();
        while (!from.equals(Op.INPUT)) {
            Op prev = spec.layer(from);
            if (prev instanceof DropoutOp d) {
                from = d.from();
                continue;
            }
            if (prev instanceof FlattenOp f && f.input().height() * f.input().width() > 1) {
                return f.input();
            }
            return null;
        }
        return null;
    }

    private static void expect(String where, KerasWeightsFile.Weight w, int[] shape, String layout) {
        if (!Arrays.equals(w.shape(), shape)) {
            throw new InteropException(where + ": " + w.role() + " has shape " + Arrays.toString(w.shape()) + ", expected "
                    + Arrays.toString(shape) + " " + layout + ". Nothing was loaded.");
        }
    }
}
