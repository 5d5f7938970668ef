package dev.kiln.spec;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.PaddingMode;

/**
 * One validated layer with its input and output shapes. Attributes that do not apply to a kind
 * hold neutral values ({@code window} is null for flatten, dense and dropout; {@code units} is 0
 * for pooling, flatten and dropout).
 *
 * @param name        the field name, e.g. {@code c1}
 * @param kind        the layer kind
 * @param input       the shape it reads
 * @param output      the shape it produces
 * @param units       filters of a conv, units of a dense layer, else 0
 * @param window      kernel/stride/padding/dilation of a conv or pooling layer, else null
 * @param same        whether a conv's padding came from {@code same = true}
 * @param paddingMode what a conv reads outside its input
 * @param bias        whether a conv or dense layer has a bias
 * @param activation  the activation applied to the output ({@code NONE} for parameter-free kinds)
 * @param init        the initialiser as declared ({@link #resolvedInit()} resolves {@code DEFAULT})
 * @param rate        a dropout layer's rate, else 0
 */
public record LayerSpec(String name, LayerKind kind, Shape input, Shape output, int units, Window window,
                        boolean same, PaddingMode paddingMode, boolean bias, Activation activation, Init init,
                        double rate) {

    public static LayerSpec conv(String name, Shape input, int filters, Window window, boolean same,
                                 PaddingMode mode, boolean bias, Activation activation, Init init) {
        Shape out = Shape.of(filters, (int) window.outputHeight(input.height()), (int) window.outputWidth(input.width()));
        return new LayerSpec(name, LayerKind.CONV2D, input, out, filters, window, same, mode, bias, activation, init, 0);
    }

    public static LayerSpec pool(String name, LayerKind kind, Shape input, Window window) {
        if (!kind.isPooling()) {
            throw new IllegalArgumentException(kind + " is not a pooling kind");
        }
        Shape out = Shape.of(input.channels(), (int) window.outputHeight(input.height()), (int) window.outputWidth(input.width()));
        return new LayerSpec(name, kind, input, out, 0, window, false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT, 0);
    }

    public static LayerSpec flatten(String name, Shape input) {
        return new LayerSpec(name, LayerKind.FLATTEN, input, Shape.vector(input.intSize()), 0, null, false,
                PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT, 0);
    }

    public static LayerSpec dense(String name, Shape input, int units, boolean bias, Activation activation, Init init) {
        return new LayerSpec(name, LayerKind.DENSE, input, Shape.vector(units), units, null, false, PaddingMode.ZEROS,
                bias, activation, init, 0);
    }

    public static LayerSpec dropout(String name, Shape input, double rate) {
        return new LayerSpec(name, LayerKind.DROPOUT, input, input, 0, null, false, PaddingMode.ZEROS, false,
                Activation.NONE, Init.DEFAULT, rate);
    }

    /** Elements each input image contributes to one output of this layer: the weight's fan-in. */
    public long fanIn() {
        return switch (kind) {
            case CONV2D -> (long) input.channels() * window.kernelH() * window.kernelW();
            case DENSE -> input.size();
            default -> 0;
        };
    }

    /** Fan-out as Glorot defines it: {@code units x kernel area} for a conv, {@code units} for a dense layer. */
    public long fanOut() {
        return switch (kind) {
            case CONV2D -> (long) units * window.kernelH() * window.kernelW();
            case DENSE -> units;
            default -> 0;
        };
    }

    /** The weight tensor's shape in PyTorch's layout, or an empty array for kinds without weights. */
    public int[] weightShape() {
        return switch (kind) {
            case CONV2D -> new int[] {units, input.channels(), window.kernelH(), window.kernelW()};
            case DENSE -> new int[] {units, input.intSize()};
            default -> new int[0];
        };
    }

    public long weightCount() {
        return kind.hasParameters() ? Math.multiplyExact(fanIn(), units) : 0;
    }

    public long biasCount() {
        return kind.hasParameters() && bias ? units : 0;
    }

    /** Trainable parameters: weights plus biases. */
    public long parameterCount() {
        return Math.addExact(weightCount(), biasCount());
    }

    /**
     * Multiplies per image: one per multiply-accumulate of a conv or dense layer (bias adds not
     * counted), one per output element of average pooling, none for the other kinds.
     */
    public long multiplies() {
        return switch (kind) {
            case CONV2D, DENSE -> Math.multiplyExact(output.size(), fanIn());
            case AVG_POOL2D -> output.size();
            default -> 0;
        };
    }

    /** {@code DEFAULT} resolved: He normal after ReLU and leaky ReLU, Xavier uniform otherwise. */
    public Init resolvedInit() {
        if (init != Init.DEFAULT) {
            return init;
        }
        return activation == Activation.RELU || activation == Activation.LEAKY_RELU ? Init.HE_NORMAL : Init.XAVIER_UNIFORM;
    }
}
