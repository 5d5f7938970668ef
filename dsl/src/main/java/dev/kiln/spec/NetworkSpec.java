package dev.kiln.spec;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated network: its input, its layers with their shapes, its loss, and the layout of its
 * flat parameter array (layer by layer, weight then bias, PyTorch's names and layouts). The
 * processor builds one to check a spec and the generated {@code FooModel} rebuilds the same one at
 * run time, so that both sides share this arithmetic.
 */
public final class NetworkSpec {
    private final String qualifiedName;
    private final Shape input;
    private final Loss loss;
    private final List<LayerSpec> layers;
    private final List<ParamSpec> params;
    private final int parameterCount;

    public NetworkSpec(String qualifiedName, Shape input, Loss loss, List<LayerSpec> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(qualifiedName + " has no layers");
        }
        this.qualifiedName = qualifiedName;
        this.input = input;
        this.loss = loss;
        this.layers = List.copyOf(layers);
        List<ParamSpec> ps = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < this.layers.size(); i++) {
            LayerSpec l = this.layers.get(i);
            if (!l.kind().hasParameters()) {
                continue;
            }
            Init init = l.resolvedInit();
            ps.add(new ParamSpec(l.name() + ".weight", i, l.weightShape(), Math.toIntExact(offset), init, l.fanIn(), l.fanOut()));
            offset = Math.addExact(offset, l.weightCount());
            if (l.bias()) {
                ps.add(new ParamSpec(l.name() + ".bias", i, new int[] {l.units()}, Math.toIntExact(offset),
                        init == Init.UNIFORM_FAN_IN ? Init.UNIFORM_FAN_IN : Init.ZEROS, l.fanIn(), l.fanOut()));
                offset = Math.addExact(offset, l.biasCount());
            }
        }
        this.params = List.copyOf(ps);
        this.parameterCount = Math.toIntExact(offset);
    }

    public static Builder builder(String qualifiedName, int channels, int height, int width, Loss loss) {
        return new Builder(qualifiedName, Shape.of(channels, height, width), loss);
    }

    /** The spec class's qualified name, e.g. {@code dev.kiln.samples.LeNet5}. */
    public String qualifiedName() {
        return qualifiedName;
    }

    /** The spec class's simple name, e.g. {@code LeNet5}. */
    public String simpleName() {
        return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }

    public Shape input() {
        return input;
    }

    public Shape output() {
        return layers.get(layers.size() - 1).output();
    }

    public Loss loss() {
        return loss;
    }

    public List<LayerSpec> layers() {
        return layers;
    }

    public LayerSpec layer(String name) {
        return layers.get(layerIndex(name));
    }

    /** Index of the named layer; throws IllegalArgumentException naming the layers there are. */
    public int layerIndex(String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return i;
            }
        }
        List<String> names = layers.stream().map(LayerSpec::name).toList();
        throw new IllegalArgumentException(simpleName() + " has no layer '" + name + "'; its layers are " + names);
    }

    /** Parameter tensors in flat-array order. */
    public List<ParamSpec> params() {
        return params;
    }

    public ParamSpec param(String name) {
        for (ParamSpec p : params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(simpleName() + " has no parameter '" + name + "'");
    }

    /** Length of the flat parameter (and gradient) array. */
    public int parameterCount() {
        return parameterCount;
    }

    public long multiplies() {
        long total = 0;
        for (LayerSpec l : layers) {
            total = Math.addExact(total, l.multiplies());
        }
        return total;
    }

    /** Number of classes a classifier predicts: output units, or 2 for one binary unit. */
    public int classes() {
        return loss == Loss.BINARY_CROSS_ENTROPY ? 2 : output().intSize();
    }

    /**
     * The receptive field of layer {@code index} on the input, {@code {height, width}}: the
     * standard recurrence {@code r += (effectiveKernel - 1) jump; jump *= stride} over convs and
     * pools. Flatten and dense layers see the whole input.
     */
    public int[] receptiveField(int index) {
        long rh = 1, rw = 1, jh = 1, jw = 1;
        for (int i = 0; i <= index; i++) {
            LayerSpec l = layers.get(i);
            if (l.kind() == LayerKind.FLATTEN || l.kind() == LayerKind.DENSE) {
                return new int[] {input.height(), input.width()};
            }
            Window w = l.window();
            if (w != null) {
                rh += (w.effectiveKernelH() - 1) * jh;
                rw += (w.effectiveKernelW() - 1) * jw;
                jh *= w.strideH();
                jw *= w.strideW();
            }
        }
        return new int[] {(int) Math.min(rh, Integer.MAX_VALUE), (int) Math.min(rw, Integer.MAX_VALUE)};
    }

    @Override
    public String toString() {
        return simpleName() + layers.stream().map(l -> l.name() + l.output()).toList();
    }

    /** Builds a spec layer by layer, each layer reading the previous one's output. Used by generated code and tests. */
    public static final class Builder {
        private final String qualifiedName;
        private final Shape input;
        private final Loss loss;
        private final List<LayerSpec> layers = new ArrayList<>();

        private Builder(String qualifiedName, Shape input, Loss loss) {
            this.qualifiedName = qualifiedName;
            this.input = input;
            this.loss = loss;
        }

        private Shape current() {
            return layers.isEmpty() ? input : layers.get(layers.size() - 1).output();
        }

        public Builder conv(String name, int filters, Window window, boolean same, PaddingMode mode, boolean bias,
                            Activation activation, Init init) {
            layers.add(LayerSpec.conv(name, current(), filters, window, same, mode, bias, activation, init));
            return this;
        }

        /** A conv with Keras' {@code same} padding computed from the current input. */
        public Builder convSame(String name, int filters, int kernelH, int kernelW, int strideH, int strideW,
                                int dilationH, int dilationW, PaddingMode mode, boolean bias, Activation activation,
                                Init init) {
            Shape in = current();
            Window w = Window.same(in.height(), in.width(), kernelH, kernelW, strideH, strideW, dilationH, dilationW);
            return conv(name, filters, w, true, mode, bias, activation, init);
        }

        public Builder maxPool(String name, Window window) {
            layers.add(LayerSpec.pool(name, LayerKind.MAX_POOL2D, current(), window));
            return this;
        }

        public Builder avgPool(String name, Window window) {
            layers.add(LayerSpec.pool(name, LayerKind.AVG_POOL2D, current(), window));
            return this;
        }

        public Builder flatten(String name) {
            layers.add(LayerSpec.flatten(name, current()));
            return this;
        }

        public Builder dense(String name, int units, boolean bias, Activation activation, Init init) {
            layers.add(LayerSpec.dense(name, current(), units, bias, activation, init));
            return this;
        }

        public Builder dropout(String name, double rate) {
            layers.add(LayerSpec.dropout(name, current(), rate));
            return this;
        }

        public NetworkSpec build() {
            return new NetworkSpec(qualifiedName, input, loss, layers);
        }
    }
}
