package dev.kiln.spec;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated network as an op graph: its input, its layers as typed {@link Op}s in topological
 * order (each reading only the input or earlier layers; a field-order spec is a chain), its loss,
 * and the layout of its flat parameter array (layer by layer, weight then bias, PyTorch's names
 * and layouts) and of its flat state array (batch norm's running statistics, which the optimiser
 * never touches). The processor builds one to check a spec and the generated {@code FooModel}
 * rebuilds the same one at run time, so that both sides share this arithmetic.
 * {@link Schedule#of(NetworkSpec)} derives the execution plan every backend reads.
 */
public final class NetworkSpec {
    private final String qualifiedName;
    private final Shape input;
    private final Loss loss;
    private final List<Op> layers;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<ParamSpec> params;
    private final List<ParamSpec> stateSpecs;
    private final int parameterCount;
    private final int stateCount;
    /** The last layer's output shape, computed once: ops compute shapes on each call, and steps must not allocate. */
    private final Shape output;

    public NetworkSpec(String qualifiedName, Shape input, Loss loss, List<? extends Op> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(qualifiedName + " has no layers");
        }
        this.qualifiedName = qualifiedName;
        this.input = input;
        this.loss = loss;
        this.layers = List.copyOf(layers);
        for (int i = 0; i < this.layers.size(); i++) {
            Op op = this.layers.get(i);
            if (op.name().equals(Op.INPUT) || index.putIfAbsent(op.name(), i) != null) {
                throw new IllegalArgumentException(qualifiedName + ": the layer name '" + op.name() + "' is taken");
            }
            List<Shape> shapes = op.inputShapes();
            for (int k = 0; k < op.inputs().size(); k++) {
                String t = op.inputs().get(k);
                Integer producer = index.get(t);
                if (!t.equals(Op.INPUT) && (producer == null || producer >= i)) {
                    throw new IllegalArgumentException(qualifiedName + "." + op.name() + " reads '" + t
                            + "', which is neither the input nor an earlier layer");
                }
                if (!shape(t).equals(shapes.get(k))) {
                    throw new IllegalArgumentException(qualifiedName + "." + op.name() + " expects " + shapes.get(k)
                            + " from " + t + ", which produces " + shape(t));
                }
            }
        }
        List<ParamSpec> ps = new ArrayList<>();
        List<ParamSpec> ss = new ArrayList<>();
        long offset = 0;
        long stateOffset = 0;
        for (int i = 0; i < this.layers.size(); i++) {
            Op l = this.layers.get(i);
            for (Op.Parameter p : l.parameters()) {
                ps.add(new ParamSpec(l.name() + "." + p.suffix(), i, p.shape(), Math.toIntExact(offset), p.init(), p.fanIn(), p.fanOut()));
                offset = Math.addExact(offset, p.size());
            }
            for (Op.Parameter p : l.buffers()) {
                ss.add(new ParamSpec(l.name() + "." + p.suffix(), i, p.shape(), Math.toIntExact(stateOffset), p.init(), p.fanIn(), p.fanOut()));
                stateOffset = Math.addExact(stateOffset, p.size());
            }
        }
        this.params = List.copyOf(ps);
        this.stateSpecs = List.copyOf(ss);
        this.parameterCount = Math.toIntExact(offset);
        this.stateCount = Math.toIntExact(stateOffset);
        this.output = this.layers.get(this.layers.size() - 1).output();
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
        return output;
    }

    public Loss loss() {
        return loss;
    }

    /** The layers as ops, in topological (declaration) order; the last one's output is the network's. */
    public List<Op> layers() {
        return layers;
    }

    public Op layer(String name) {
        return layers.get(layerIndex(name));
    }

    /** The named layer as the kind the caller expects; throws IllegalArgumentException if it is another kind. */
    public <T extends Op> T layer(String name, Class<T> kind) {
        Op op = layer(name);
        if (!kind.isInstance(op)) {
            throw new IllegalArgumentException(simpleName() + "." + name + " is a " + op.kind().displayName()
                    + ", not a " + kind.getSimpleName());
        }
        return kind.cast(op);
    }

    /** Index of the named layer; throws IllegalArgumentException naming the layers there are. */
    public int layerIndex(String name) {
        Integer i = index.get(name);
        if (i == null) {
            List<String> names = layers.stream().map(Op::name).toList();
            throw new IllegalArgumentException(simpleName() + " has no layer '" + name + "'; its layers are " + names);
        }
        return i;
    }

    /** The index of the op producing {@code tensor}, or -1 for {@value Op#INPUT}. */
    public int producer(String tensor) {
        return tensor.equals(Op.INPUT) ? -1 : layerIndex(tensor);
    }

    /** The shape of a tensor: the input's or a layer's output. */
    public Shape shape(String tensor) {
        return tensor.equals(Op.INPUT) ? input : layer(tensor).output();
    }

    /** The last layer: its output is the network's output. */
    public Op outputLayer() {
        return layers.get(layers.size() - 1);
    }

    /**
     * Whether every layer reads exactly the tensor before it (the input for the first): a network
     * written without {@code from}. Summaries of other networks show a {@code Connected to} column.
     */
    public boolean isChain() {
        for (int i = 0; i < layers.size(); i++) {
            String previous = i == 0 ? Op.INPUT : layers.get(i - 1).name();
            if (!layers.get(i).inputs().equals(List.of(previous))) {
                return false;
            }
        }
        return true;
    }

    /** Indices of the layers reading {@code tensor}, in order. */
    public List<Integer> consumers(String tensor) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).inputs().contains(tensor)) {
                out.add(i);
            }
        }
        return out;
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

    /** Length of the flat parameter (and gradient) array: Keras' trainable parameters. */
    public int parameterCount() {
        return parameterCount;
    }

    /** Non-trainable state tensors (running statistics) in flat state-array order. */
    public List<ParamSpec> state() {
        return stateSpecs;
    }

    /** Length of the flat state array (running statistics and batch counters). */
    public int stateCount() {
        return stateCount;
    }

    /** The state a fresh network starts from: each state tensor filled as its {@code init} says (zeros or ones). */
    public float[] initialState() {
        float[] state = new float[stateCount];
        for (ParamSpec p : stateSpecs) {
            if (p.init() == Init.ONES) {
                Arrays.fill(state, p.offset(), p.offset() + p.size(), 1f);
            }
        }
        return state;
    }

    /** Keras' non-trainable parameters: the running statistics ({@code num_batches_tracked} not counted). */
    public long nonTrainableCount() {
        long total = 0;
        for (Op l : layers) {
            total = Math.addExact(total, l.nonTrainableCount());
        }
        return total;
    }

    public long multiplies() {
        long total = 0;
        for (Op l : layers) {
            total = Math.addExact(total, l.multiplies());
        }
        return total;
    }

    /** Number of classes a classifier predicts: output units, or 2 for one binary unit. */
    public int classes() {
        return loss == Loss.BINARY_CROSS_ENTROPY ? 2 : output().intSize();
    }

    /**
     * The receptive field of layer {@code index}, {@code {height, width}}: how many rows and columns of the
     * input can affect one of its outputs, <b>clipped to the input's size</b> (a layer cannot see more of an
     * image than there is). One rule for every layer:
     * <ul>
     *   <li>Along each axis the standard recurrence runs from the input ({@code r = 1, jump = 1}): a convolution
     *       or pooling window adds {@code (effectiveKernel - 1) * jump} to {@code r} and multiplies {@code jump}
     *       by its stride.</li>
     *   <li>A layer that mixes every position of what it reads (flatten, dense, global average pooling) sees
     *       the span of all of them: {@code r + (n - 1) * jump} for {@code n} positions along the axis. Layers
     *       after it keep that span.</li>
     *   <li>A layer with several inputs (add, concat) takes the largest {@code r} and {@code jump} over its
     *       inputs; every other layer (batch norm, dropout, activations) keeps its input's.</li>
     *   <li>The result is clipped to the input's height and width, at the end only.</li>
     * </ul>
     * So LeNet-5's {@code c5} (32x32 by the recurrence) and the flatten and dense layers after it all show
     * 28x28, and a flatten after a pooling that leaves out the input's last row shows one row less than the input.
     */
    public int[] receptiveField(int index) {
        long[][] field = new long[index + 1][]; // {rh, rw, jh, jw}, unclipped
        for (int i = 0; i <= index; i++) {
            Op l = layers.get(i);
            Reach reach = l.reach();
            long[] f = {1, 1, 1, 1};
            for (String t : l.inputs()) {
                int p = producer(t);
                long[] in = reach.read(p < 0 ? new long[] {1, 1, 1, 1} : field[p], p < 0 ? input : layers.get(p).output());
                for (int k = 0; k < 4; k++) {
                    f[k] = Math.max(f[k], in[k]);
                }
            }
            field[i] = reach.apply(f);
        }
        long[] f = field[index];
        return new int[] {(int) Math.min(f[0], input.height()), (int) Math.min(f[1], input.width())};
    }

    @Override
    public String toString() {
        return simpleName() + layers.stream().map(l -> l.name() + l.output()).toList();
    }

    /**
     * Builds a spec layer by layer. Each layer reads the previous layer's output (the input for the
     * first) unless {@link #from(String...)} names what the next layer reads. Used by generated
     * code and tests.
     */
    public static final class Builder {
        private final String qualifiedName;
        private final Shape input;
        private final Loss loss;
        private final List<Op> layers = new ArrayList<>();
        private final Map<String, Shape> shapes = new HashMap<>();
        private List<String> next;

        private Builder(String qualifiedName, Shape input, Loss loss) {
            this.qualifiedName = qualifiedName;
            this.input = input;
            this.loss = loss;
            shapes.put(Op.INPUT, input);
        }

        /** The tensors the next layer reads: layer names or {@value Op#INPUT}. */
        public Builder from(String... tensors) {
            next = List.of(tensors);
            return this;
        }

        private List<String> inputs() {
            List<String> in = next != null ? next : List.of(layers.isEmpty() ? Op.INPUT : layers.get(layers.size() - 1).name());
            next = null;
            for (String t : in) {
                if (!shapes.containsKey(t)) {
                    throw new IllegalArgumentException(qualifiedName + ": no tensor '" + t + "' before layer " + layers.size());
                }
            }
            return in;
        }

        private String one() {
            List<String> in = inputs();
            if (in.size() != 1) {
                throw new IllegalArgumentException(qualifiedName + ": this kind reads one tensor, not " + in);
            }
            return in.get(0);
        }

        private Builder append(Op op) {
            layers.add(op);
            shapes.put(op.name(), op.output());
            return this;
        }

        public Builder conv(String name, int filters, Window window, boolean same, PaddingMode mode, boolean bias,
                            Activation activation, Init init) {
            String from = one();
            return append(new Conv2dOp(name, from, shapes.get(from), filters, window, same, mode, bias, activation, init));
        }

        /** A conv with Keras' {@code same} padding computed from its input. */
        public Builder convSame(String name, int filters, int kernelH, int kernelW, int strideH, int strideW,
                                int dilationH, int dilationW, PaddingMode mode, boolean bias, Activation activation,
                                Init init) {
            String from = one();
            Shape in = shapes.get(from);
            Window w = Window.same(in.height(), in.width(), kernelH, kernelW, strideH, strideW, dilationH, dilationW);
            return append(new Conv2dOp(name, from, in, filters, w, true, mode, bias, activation, init));
        }

        public Builder maxPool(String name, Window window) {
            String from = one();
            return append(new MaxPool2dOp(name, from, shapes.get(from), window));
        }

        public Builder avgPool(String name, Window window) {
            String from = one();
            return append(new AvgPool2dOp(name, from, shapes.get(from), window));
        }

        public Builder flatten(String name) {
            String from = one();
            return append(new FlattenOp(name, from, shapes.get(from)));
        }

        public Builder dense(String name, int units, boolean bias, Activation activation, Init init) {
            String from = one();
            return append(new DenseOp(name, from, shapes.get(from), units, bias, activation, init));
        }

        public Builder dropout(String name, double rate) {
            String from = one();
            return append(new DropoutOp(name, from, shapes.get(from), rate));
        }

        /** The sum of the tensors given to {@link #from(String...)}, which must share one shape. */
        public Builder add(String name, Activation activation) {
            List<String> in = inputs();
            return append(new AddOp(name, in, shapes.get(in.get(0)), activation));
        }

        /** The tensors given to {@link #from(String...)}, joined along channels (or end to end for vectors). */
        public Builder concat(String name) {
            List<String> in = inputs();
            return append(new ConcatOp(name, in, in.stream().map(shapes::get).toList()));
        }

        public Builder batchNorm(String name, double eps, double momentum, Activation activation) {
            String from = one();
            return append(new BatchNormOp(name, from, shapes.get(from), eps, momentum, activation));
        }

        /** An augmentation layer ({@link AugmentOp}): {@code transform} in training, the identity otherwise. */
        public Builder augment(String name, Augment transform) {
            String from = one();
            return append(new AugmentOp(name, from, shapes.get(from), transform));
        }

        public Builder globalAvgPool(String name) {
            String from = one();
            return append(new GlobalAvgPool2dOp(name, from, shapes.get(from)));
        }

        public NetworkSpec build() {
            return new NetworkSpec(qualifiedName, input, loss, layers);
        }
    }
}
