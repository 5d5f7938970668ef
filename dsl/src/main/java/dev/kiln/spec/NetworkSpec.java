package dev.kiln.spec;

import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
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
}
