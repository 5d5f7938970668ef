package dev.kiln.interop.imports;

import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of an imported network as the Java source will declare it: the annotation's values,
 * the layers it reads ({@code from}; null stands for the network's input), its parameters and
 * running statistics in Kiln's (PyTorch's) layout, and the nodes or Keras layers it came from.
 * Built and refined by a graph walk ({@code OnnxToKiln}, {@code KerasModelToKiln}) and read by
 * {@link SpecSource} and {@link ImportWriter}; a mutable work record, never shared across imports.
 */
public final class ImportedLayer {
    /** The annotation a layer becomes. */
    public enum Kind {
        CONV2D, MAX_POOL2D, AVG_POOL2D, FLATTEN, DENSE, ADD, CONCAT, GLOBAL_AVG_POOL2D, BATCH_NORM, DROPOUT,
        MULTIPLY, SLICE, CHANNEL_SHUFFLE;

        /** A default field name for a layer without a better one, e.g. {@code globalavgpool2d}. */
        String fallbackName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        }
    }

    /** A parameter or running statistic: PyTorch's shape and row-major values. */
    public record Tensor(int[] shape, float[] values) {}

    public final Kind kind;
    /** The field name: suggested by the walk, made a unique Java identifier by {@link SpecSource}. */
    public String name;
    /** One entry per input, in order; null for the network's input. */
    public final List<ImportedLayer> from = new ArrayList<>();
    /** Where it came from, for the source's comments and for messages: {@code 'conv1' (Conv)}. */
    public final List<String> nodes = new ArrayList<>();
    /** Filters of a conv, units of a dense layer, channels of a batch norm. */
    public int units;
    public int[] kernel;
    public int[] stride;
    /** top, left, bottom, right */
    public int[] pads = new int[4];
    public boolean same;
    public boolean replicate;
    public int[] dilation = {1, 1};
    /** A conv's groups; a channel shuffle's groups. */
    public int groups = 1;
    public boolean ceilMode;
    /** Whether an average pool divides by the whole window, padding included (PyTorch's default). */
    public boolean countIncludePad = true;
    /** A batch norm's epsilon and momentum (PyTorch's sense: the weight of the batch statistic). */
    public double eps = 1e-5;
    public double momentum = 0.1;
    /** A dropout's rate. */
    public double rate;
    /** A slice's channels [start, end). */
    public int sliceStart;
    public int sliceEnd;
    public Activation activation = Activation.NONE;
    /** weight, bias (PyTorch's names), in declaration order. */
    public final Map<String, Tensor> params = new LinkedHashMap<>();
    /** running_mean, running_var of a batch norm. */
    public final Map<String, Tensor> state = new LinkedHashMap<>();
    /** Output (C, H, W), or (units, 1, 1) for a vector. */
    public long c;
    public long h;
    public long w;
    public boolean vector;

    public ImportedLayer(Kind kind, String node) {
        this.kind = kind;
        nodes.add(node);
    }

    public boolean hasBias() {
        return params.containsKey("bias");
    }

    /** Whether the layer's annotation has an {@code activation}. */
    public boolean carriesActivation() {
        return kind == Kind.CONV2D || kind == Kind.DENSE || kind == Kind.ADD || kind == Kind.BATCH_NORM;
    }

    /** The first node, for messages: {@code 'conv1' (Conv)}. */
    public String origin() {
        return nodes.get(0);
    }

    /** A conv's or pool's window: kernel, stride, padding (top, bottom, left, right) and dilation. */
    public Window window() {
        return new Window(kernel[0], kernel[1], stride[0], stride[1], pads[0], pads[2], pads[1], pads[3], dilation[0], dilation[1]);
    }

    /** Sets the output shape. */
    public void output(long channels, long height, long width, boolean isVector) {
        c = channels;
        h = height;
        w = width;
        vector = isVector;
    }
}
