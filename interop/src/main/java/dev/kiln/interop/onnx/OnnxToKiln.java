package dev.kiln.interop.onnx;

import dev.kiln.dsl.Activation;
import dev.kiln.interop.InteropException;
import dev.kiln.spec.Window;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * The one place where import maps ONNX onto Kiln's layers (and the only import class that reads
 * {@code dev.kiln.spec}): walks the graph in dependency order, evaluating the integer side
 * computations exporters emit (a flatten's Shape/Gather/Unsqueeze/Concat/Reshape chain, PyTorch's
 * ConstantOfShape/Slice/Transpose/Cast chain that builds a Pad's pads) and merging what Kiln
 * declares on one layer (a Pad into the next conv, an activation into its conv or dense layer, a
 * batch norm into the conv or dense layer before it, MatMul + Add into a dense layer with a bias).
 * Any other op, or an op used in a way Kiln cannot express, is refused naming the node and its
 * op type; nothing is returned then.
 */
final class OnnxToKiln {
    /** Stands for the batch dimension in integer tensors computed from shapes. */
    private static final long BATCH = Long.MIN_VALUE;
    private static final long MAX_SIDE = 1 << 16;
    /** Integer side computations (shapes, pads, indices) are small; a larger one is hostile or not a network. */
    private static final long MAX_CONSTANT = 1 << 16;

    private sealed interface Value permits Act, Padded, Ints, Floats {}

    /** An image or vector flowing between layers; {@code layer} null for the network's input. */
    private record Act(KilnLayer layer, long c, long h, long w, boolean vector) implements Value {}

    /** An image padded by a Pad node, waiting for the conv or average pool that reads it. */
    private record Padded(Act source, long top, long left, long bottom, long right, boolean edge, NodeProto node)
            implements Value {}

    /** A small integer tensor known at import time (may hold BATCH). */
    private record Ints(long[] values, long[] dims) implements Value {}

    /** Refuses an integer computation that would make more than {@link #MAX_CONSTANT} values. */
    private long[] newInts(long count) {
        if (count < 0 || count > MAX_CONSTANT) {
            throw refuse("computes " + count + " integers; Kiln evaluates shape computations of up to " + MAX_CONSTANT);
        }
        return new long[(int) count];
    }

    private record Floats(float[] values, long[] dims) implements Value {}

    private final String file;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Integer> consumers = new HashMap<>();
    private final List<KilnLayer> layers = new ArrayList<>();
    private NodeProto node;

    /** The result: the input shape and the layers in dependency order. */
    record Result(long channels, long height, long width, List<KilnLayer> layers, String producer, long opset) {}

    private OnnxToKiln(String file) {
        this.file = file;
    }

    static Result map(ModelProto model, String file) {
        return new OnnxToKiln(file).walk(model);
    }

    private Result walk(ModelProto model) {
        GraphProto g = model.getGraph();
        long opset = 0;
        for (var o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = o.getVersion();
            }
        }
        for (TensorProto t : g.getInitializerList()) {
            values.put(t.getName(), constant(t, "initializer " + t.getName()));
        }
        ValueInfoProto input = null;
        for (ValueInfoProto v : g.getInputList()) {
            if (!values.containsKey(v.getName())) {
                if (input != null) {
                    throw new InteropException(file + " has inputs " + input.getName() + " and " + v.getName()
                            + "; a Kiln network has one image input");
                }
                input = v;
            }
        }
        if (input == null) {
            throw new InteropException(file + " has no input besides its weights");
        }
        long[] in = inputShape(input);
        values.put(input.getName(), new Act(null, in[0], in[1], in[2], false));
        for (NodeProto n : g.getNodeList()) {
            for (String i : n.getInputList()) {
                consumers.merge(i, 1, Integer::sum);
            }
        }
        if (g.getOutputCount() != 1) {
            throw new InteropException(file + " has " + g.getOutputCount() + " outputs; a Kiln network has one");
        }
        String outputName = g.getOutput(0).getName();
        consumers.merge(outputName, 1, Integer::sum);
        for (NodeProto n : ordered(g)) {
            node = n;
            apply(n);
        }
        Value out = values.get(outputName);
        if (!(out instanceof Act act) || act.layer() == null) {
            throw new InteropException(file + ": the output " + outputName + " is not produced by a layer Kiln can express");
        }
        if (act.layer() != layers.get(layers.size() - 1)) {
            throw new InteropException(file + ": the output " + outputName + " comes from node "
                    + act.layer().nodes.get(0) + ", but layers after it compute something else that is not used");
        }
        return new Result(in[0], in[1], in[2], List.copyOf(layers), model.getProducerName() + " "
                + model.getProducerVersion(), opset);
    }

    private long[] inputShape(ValueInfoProto input) {
        String what = file + ": input " + input.getName();
        if (!input.getType().hasTensorType() || input.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new InteropException(what + " is not a float32 tensor");
        }
        TensorShapeProto s = input.getType().getTensorType().getShape();
        if (s.getDimCount() != 4) {
            throw new InteropException(what + " has " + s.getDimCount() + " dimensions; Kiln's networks read images (N, C, H, W)");
        }
        long[] chw = new long[3];
        for (int i = 1; i < 4; i++) {
            TensorShapeProto.Dimension d = s.getDim(i);
            if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > MAX_SIDE) {
                throw new InteropException(what + ": dimension " + i + " is " + (d.hasDimValue() ? d.getDimValue()
                        : "'" + d.getDimParam() + "'") + "; Kiln needs fixed channels, height and width from 1 to " + MAX_SIDE);
            }
            chw[i - 1] = d.getDimValue();
        }
        return chw;
    }

    /** Nodes in dependency order (Kahn); a cycle or an input nobody produces is refused. */
    private List<NodeProto> ordered(GraphProto g) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            for (String o : g.getNode(i).getOutputList()) {
                if (!o.isEmpty() && (producer.put(o, i) != null || values.containsKey(o))) {
                    throw new InteropException(file + ": tensor " + o + " is produced twice (node " + describe(g.getNode(i)) + ")");
                }
            }
        }
        int[] waiting = new int[g.getNodeCount()];
        Map<Integer, List<Integer>> next = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : g.getNode(i).getInputList()) {
                if (in.isEmpty() || values.containsKey(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    throw new InteropException(file + ": node " + describe(g.getNode(i)) + " reads " + in
                            + ", which no node, initializer or input provides");
                }
                if (deps.add(p)) {
                    next.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
                    waiting[i]++;
                }
            }
        }
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < waiting.length; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(g.getNode(i));
            for (int j : next.getOrDefault(i, List.of())) {
                if (--waiting[j] == 0) {
                    ready.add(j);
                }
            }
        }
        if (order.size() != g.getNodeCount()) {
            for (int i = 0; i < waiting.length; i++) {
                if (waiting[i] > 0) {
                    throw new InteropException(file + ": the graph has a cycle through node " + describe(g.getNode(i)));
                }
            }
        }
        return order;
    }

    // ------------------------------------------------------------------ ops

    private void apply(NodeProto n) {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            throw refuse("is in domain " + n.getDomain() + "; Kiln imports standard ONNX ops");
        }
        switch (n.getOpType()) {
            case "Constant" -> put(0, constantNode());
            case "Identity", "Dropout" -> put(0, in(0));
            case "Cast" -> put(0, cast());
            case "Shape" -> put(0, shape());
            case "Gather" -> put(0, gather());
            case "Unsqueeze" -> put(0, unsqueeze());
            case "Squeeze" -> put(0, squeeze());
            case "Concat" -> put(0, concat());
            case "ConstantOfShape" -> put(0, constantOfShape());
            case "Slice" -> put(0, slice());
            case "Transpose" -> put(0, transpose());
            case "Reshape" -> put(0, reshape());
            case "Flatten" -> put(0, flatten());
            case "Pad" -> put(0, pad());
            case "Conv" -> put(0, conv());
            case "MaxPool", "AveragePool" -> put(0, pool());
            case "GlobalAveragePool" -> put(0, globalAveragePool());
            case "Gemm" -> put(0, gemm());
            case "MatMul" -> put(0, matMul());
            case "Add" -> put(0, add());
            case "BatchNormalization" -> put(0, batchNorm());
            case "Relu" -> put(0, activation(Activation.RELU));
            case "LeakyRelu" -> {
                float alpha = floatAttr("alpha", (float) Activation.LEAKY_RELU_SLOPE);
                if (Math.abs(alpha - (float) Activation.LEAKY_RELU_SLOPE) > 1e-6f) {
                    throw refuse("has slope " + alpha + "; Kiln's leaky ReLU has PyTorch's default slope " + Activation.LEAKY_RELU_SLOPE);
                }
                put(0, activation(Activation.LEAKY_RELU));
            }
            case "Sigmoid" -> put(0, activation(Activation.SIGMOID));
            case "Tanh" -> put(0, activation(Activation.TANH));
            case "Softmax" -> put(0, softmax());
            default -> throw refuse("is not an op Kiln imports. Kiln imports Conv, Gemm, MatMul + Add, "
                    + "BatchNormalization after a conv or dense layer, Relu, LeakyRelu, Sigmoid, Tanh, Softmax, MaxPool, "
                    + "AveragePool, GlobalAveragePool, Flatten (and the Shape/Gather/Unsqueeze/Concat/Reshape chains that "
                    + "flatten), Pad before a conv, Dropout and Identity");
        }
        for (int i = 1; i < n.getOutputCount(); i++) {
            String extra = n.getOutput(i);
            if (!extra.isEmpty() && consumers.getOrDefault(extra, 0) > 0) {
                throw refuse("output " + i + " (" + extra + ") is used; Kiln imports only the first output of " + n.getOpType());
            }
        }
    }

    private void put(int output, Value v) {
        if (node.getOutputCount() <= output || node.getOutput(output).isEmpty()) {
            throw refuse("has no output");
        }
        values.put(node.getOutput(output), v);
    }

    private Value in(int i) {
        if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
            throw refuse("lacks input " + i);
        }
        Value v = values.get(node.getInput(i));
        if (v == null) {
            throw refuse("reads " + node.getInput(i) + " before it is computed");
        }
        return v;
    }

    private boolean hasInput(int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty();
    }

    private Act act(int i) {
        Value v = in(i);
        if (v instanceof Act a) {
            return a;
        }
        if (v instanceof Padded) {
            throw refuse("reads a padded image; Kiln pads only as part of a conv or average pool");
        }
        throw refuse("reads constant " + node.getInput(i) + " where Kiln expects the output of a layer");
    }

    private Act image(int i) {
        Act a = act(i);
        if (a.vector()) {
            throw refuse("reads a vector where it needs an image (N, C, H, W)");
        }
        return a;
    }

    private Ints ints(int i) {
        Value v = in(i);
        if (v instanceof Ints c) {
            return c;
        }
        throw refuse("needs input " + i + " (" + node.getInput(i) + ") to be an integer constant known at import time");
    }

    private Floats floats(int i) {
        Value v = in(i);
        if (v instanceof Floats f) {
            return f;
        }
        throw refuse("needs input " + i + " (" + node.getInput(i) + ") to be float weights (an initializer or constant)");
    }

    private Value constant(TensorProto t, String where) {
        String at = file + ": " + where;
        if (OnnxTensors.isInteger(t)) {
            return new Ints(OnnxTensors.ints(t, at), OnnxTensors.dims(t, at));
        }
        return new Floats(OnnxTensors.floats(t, at), OnnxTensors.dims(t, at));
    }

    private Value constantNode() {
        for (AttributeProto a : node.getAttributeList()) {
            switch (a.getName()) {
                case "value" -> {
                    return constant(a.getT(), "node " + describe(node));
                }
                case "value_int" -> {
                    return new Ints(new long[] {a.getI()}, new long[0]);
                }
                case "value_ints" -> {
                    return new Ints(a.getIntsList().stream().mapToLong(Long::longValue).toArray(), new long[] {a.getIntsCount()});
                }
                case "value_float" -> {
                    return new Floats(new float[] {a.getF()}, new long[0]);
                }
                default -> {
                    // other value kinds are refused below
                }
            }
        }
        throw refuse("holds no numeric value Kiln can read");
    }

    private Value cast() {
        Value v = in(0);
        long to = intAttr("to", 0);
        if (v instanceof Ints i && (to == TensorProto.DataType.INT64_VALUE || to == TensorProto.DataType.INT32_VALUE)) {
            return i;
        }
        if (v instanceof Floats f && to == TensorProto.DataType.FLOAT_VALUE) {
            return f;
        }
        throw refuse("casts to ONNX type " + to + "; Kiln evaluates casts only of integer constants to integers");
    }

    private Value shape() {
        Act a = act(0);
        long[] full = a.vector() ? new long[] {BATCH, a.c()} : new long[] {BATCH, a.c(), a.h(), a.w()};
        int rank = full.length;
        int start = (int) axis(intAttr("start", 0), rank + 1);
        int end = node.getAttributeList().stream().anyMatch(x -> x.getName().equals("end"))
                ? (int) axis(intAttr("end", rank), rank + 1) : rank;
        start = Math.max(0, Math.min(start, rank));
        end = Math.max(start, Math.min(end, rank));
        long[] part = Arrays.copyOfRange(full, start, end);
        return new Ints(part, new long[] {part.length});
    }

    private Value gather() {
        Ints data = ints(0);
        Ints idx = ints(1);
        if (data.dims().length != 1 || intAttr("axis", 0) != 0) {
            throw refuse("gathers from a " + data.dims().length + "-dimensional tensor; Kiln evaluates gathers from shapes only");
        }
        long[] out = new long[idx.values().length];
        for (int i = 0; i < out.length; i++) {
            long k = idx.values()[i];
            long at = k < 0 ? k + data.values().length : k;
            if (at < 0 || at >= data.values().length) {
                throw refuse("index " + k + " is outside a tensor of " + data.values().length);
            }
            out[i] = data.values()[(int) at];
        }
        return new Ints(out, idx.dims());
    }

    private long[] axesOf(int inputIndex) {
        if (hasInput(inputIndex)) {
            return ints(inputIndex).values();
        }
        return node.getAttributeList().stream().filter(a -> a.getName().equals("axes")).findFirst()
                .map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray()).orElse(null);
    }

    private Value unsqueeze() {
        Ints x = ints(0);
        long[] axes = axesOf(1);
        if (axes == null) {
            throw refuse("has no axes");
        }
        int rank = x.dims().length + axes.length;
        long[] dims = new long[rank];
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int at = (int) axis(a, rank);
            if (inserted[at]) {
                throw refuse("names axis " + a + " twice");
            }
            inserted[at] = true;
        }
        for (int i = 0, j = 0; i < rank; i++) {
            dims[i] = inserted[i] ? 1 : x.dims()[j++];
        }
        return new Ints(x.values(), dims);
    }

    private Value squeeze() {
        Ints x = ints(0);
        long[] axes = axesOf(1);
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < x.dims().length; i++) {
            final int at = i;
            boolean drop = axes == null ? x.dims()[i] == 1
                    : Arrays.stream(axes).anyMatch(a -> axis(a, x.dims().length) == at);
            if (!drop) {
                dims.add(x.dims()[i]);
            } else if (x.dims()[i] != 1) {
                throw refuse("squeezes dimension " + i + " of size " + x.dims()[i]);
            }
        }
        return new Ints(x.values(), dims.stream().mapToLong(Long::longValue).toArray());
    }

    private Value concat() {
        if (in(0) instanceof Act first) {
            if (!SpecSource.GRAPH_OPS) {
                throw refuse("joins layer outputs; that is Kiln's @Concat, which this build of Kiln does not have yet");
            }
            long ax = axis(intAttr("axis", 1), first.vector() ? 2 : 4);
            if (ax != 1) {
                throw refuse("joins along axis " + ax + "; Kiln's @Concat joins channels (axis 1)");
            }
            KilnLayer l = layer(KilnLayer.Kind.CONCAT, first);
            long channels = first.c();
            for (int i = 1; i < node.getInputCount(); i++) {
                Act next = act(i);
                if (next.vector() != first.vector() || next.h() != first.h() || next.w() != first.w()) {
                    throw refuse("joins tensors of different heights, widths or ranks");
                }
                l.from.add(next.layer());
                channels += next.c();
            }
            return output(l, channels, first.h(), first.w(), first.vector());
        }
        List<long[]> parts = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < node.getInputCount(); i++) {
            Ints p = ints(i);
            if (p.dims().length != 1) {
                throw refuse("concatenates " + p.dims().length + "-dimensional constants; Kiln evaluates 1-dimensional ones");
            }
            parts.add(p.values());
            total += p.values().length;
        }
        long[] out = newInts(total);
        int k = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return new Ints(out, new long[] {out.length});
    }

    private Value constantOfShape() {
        Ints shape = ints(0);
        long count = OnnxTensors.count(nonNegative(shape.values()), file + ": node " + describe(node));
        long fill = 0;
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals("value")) {
                if (!OnnxTensors.isInteger(a.getT())) {
                    throw refuse("fills with a non-integer value; Kiln evaluates integer constants only");
                }
                long[] v = OnnxTensors.ints(a.getT(), file + ": node " + describe(node));
                if (v.length != 1) {
                    throw refuse("has a fill value of " + v.length + " elements");
                }
                fill = v[0];
            }
        }
        long[] out = newInts(count);
        Arrays.fill(out, fill);
        return new Ints(out, shape.values().clone());
    }

    private long[] nonNegative(long[] dims) {
        for (long d : dims) {
            if (d < 0) {
                throw refuse("has a negative size " + (d == BATCH ? "(the batch)" : String.valueOf(d)));
            }
        }
        return dims;
    }

    private Value slice() {
        Ints x = ints(0);
        long[] starts = ints(1).values();
        long[] ends = ints(2).values();
        long[] axes = hasInput(3) ? ints(3).values() : null;
        long[] steps = hasInput(4) ? ints(4).values() : null;
        int rank = x.dims().length;
        if (ends.length != starts.length || axes != null && axes.length != starts.length
                || steps != null && steps.length != starts.length) {
            throw refuse("has starts, ends, axes and steps of different lengths");
        }
        long[] lo = new long[rank];
        long[] step = new long[rank];
        long[] size = x.dims().clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int a = (int) axis(axes == null ? i : axes[i], rank);
            long dim = x.dims()[a];
            long s = steps == null ? 1 : steps[i];
            if (s == 0 || Math.abs(s) > MAX_CONSTANT) {
                throw refuse("has a step of " + s);
            }
            long b = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 && ends[i] != Long.MIN_VALUE ? ends[i] + dim : ends[i];
            if (s > 0) {
                b = Math.max(0, Math.min(b, dim));
                e = Math.max(0, Math.min(e, dim));
                size[a] = Math.max(0, (e - b + s - 1) / s);
            } else {
                b = Math.max(-1, Math.min(b, dim - 1));
                e = Math.max(-1, Math.min(e, dim - 1));
                size[a] = Math.max(0, (b - e + (-s) - 1) / (-s));
            }
            lo[a] = b;
            step[a] = s;
        }
        return gatherStrided(x, lo, step, size);
    }

    private Value transpose() {
        Ints x = ints(0);
        int rank = x.dims().length;
        long[] perm = node.getAttributeList().stream().filter(a -> a.getName().equals("perm")).findFirst()
                .map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray()).orElse(null);
        if (perm == null) {
            perm = new long[rank];
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
        }
        if (perm.length != rank || Arrays.stream(perm).distinct().count() != rank) {
            throw refuse("permutes " + Arrays.toString(perm) + " for a " + rank + "-dimensional tensor");
        }
        long[] dims = new long[rank];
        long[] inStrides = strides(x.dims());
        long[] strides = new long[rank];
        for (int i = 0; i < rank; i++) {
            int p = (int) axis(perm[i], rank);
            dims[i] = x.dims()[p];
            strides[i] = inStrides[p];
        }
        long[] out = new long[x.values().length];
        long[] at = new long[rank];
        for (int k = 0; k < out.length; k++) {
            long src = 0;
            for (int i = 0; i < rank; i++) {
                src += at[i] * strides[i];
            }
            out[k] = x.values()[(int) src];
            for (int i = rank - 1; i >= 0 && ++at[i] == dims[i]; i--) {
                at[i] = 0;
            }
        }
        return new Ints(out, dims);
    }

    private static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long k = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = k;
            k *= dims[i];
        }
        return s;
    }

    private Ints gatherStrided(Ints x, long[] lo, long[] step, long[] size) {
        int rank = size.length;
        long count = OnnxTensors.count(size, file + ": node " + describe(node));
        long[] inStrides = strides(x.dims());
        long[] out = newInts(count);
        long[] at = new long[rank];
        for (int k = 0; k < out.length; k++) {
            long src = 0;
            for (int i = 0; i < rank; i++) {
                src += (lo[i] + at[i] * step[i]) * inStrides[i];
            }
            out[k] = x.values()[(int) src];
            for (int i = rank - 1; i >= 0 && ++at[i] == size[i]; i--) {
                at[i] = 0;
            }
        }
        return new Ints(out, size);
    }

    private Value reshape() {
        Value v = in(0);
        long[] target = ints(1).values();
        if (v instanceof Ints x) {
            long[] dims = resolveShape(target, x.dims(), x.values().length);
            return new Ints(x.values(), dims);
        }
        Act a = act(0);
        long size = a.c() * a.h() * a.w();
        long[] dims = a.vector() ? new long[] {BATCH, a.c()} : new long[] {BATCH, a.c(), a.h(), a.w()};
        // the batch stays first: BATCH itself, 0 (copy) or -1 with the rest fixed
        if (target.length == 2 && (target[0] == BATCH || target[0] == 0 || target[0] == -1)
                && (target[1] == -1 || target[1] == size) && !(target[0] == -1 && target[1] == -1)) {
            return a.vector() ? a : flattenLayer(a);
        }
        if (target.length == dims.length) {
            boolean same = true;
            for (int i = 1; i < dims.length; i++) {
                same &= target[i] == dims[i] || target[i] == 0 || (target[i] == -1 && countMinusOnes(target) == 1);
            }
            if (same && (target[0] == BATCH || target[0] == 0 || target[0] == -1)) {
                return a;
            }
        }
        throw refuse("reshapes (N" + Arrays.toString(Arrays.copyOfRange(dims, 1, dims.length)).replace("[", ", ").replace("]", ")")
                + " to " + Arrays.toString(target).replace(String.valueOf(BATCH), "N")
                + "; Kiln imports reshapes that flatten an image to (N, C*H*W) or change nothing");
    }

    private static int countMinusOnes(long[] t) {
        int n = 0;
        for (long v : t) {
            n += v == -1 ? 1 : 0;
        }
        return n;
    }

    private long[] resolveShape(long[] target, long[] dims, long count) {
        long[] out = target.clone();
        long known = 1;
        int free = -1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && i < dims.length) {
                out[i] = dims[i];
            }
            if (out[i] == -1) {
                if (free >= 0) {
                    throw refuse("has two -1 dimensions");
                }
                free = i;
            } else if (out[i] < 0) {
                throw refuse("reshapes a constant to a negative size " + out[i]);
            } else {
                known = Math.multiplyExact(known, out[i]);
            }
        }
        if (free >= 0) {
            if (known == 0 || count % known != 0) {
                throw refuse("cannot infer the -1 dimension");
            }
            out[free] = count / known;
        } else if (known != count) {
            throw refuse("reshapes " + count + " values to " + known);
        }
        return out;
    }

    private Value flatten() {
        Act a = act(0);
        long ax = axis(intAttr("axis", 1), a.vector() ? 2 : 4);
        if (ax != 1) {
            throw refuse("flattens from axis " + ax + "; Kiln flattens everything but the batch (axis 1)");
        }
        return a.vector() ? a : flattenLayer(a);
    }

    private Act flattenLayer(Act a) {
        KilnLayer l = layer(KilnLayer.Kind.FLATTEN, a);
        return output(l, a.c() * a.h() * a.w(), 1, 1, true);
    }

    private Value pad() {
        Act a = image(0);
        String mode = stringAttr("mode", "constant");
        long[] pads;
        if (hasInput(1)) {
            pads = ints(1).values();
        } else {
            pads = node.getAttributeList().stream().filter(x -> x.getName().equals("pads")).findFirst()
                    .map(x -> x.getIntsList().stream().mapToLong(Long::longValue).toArray()).orElse(new long[0]);
        }
        if (hasInput(2)) {
            Value cv = in(2);
            boolean zero = cv instanceof Floats f && f.values().length == 1 && f.values()[0] == 0f
                    || cv instanceof Ints i && i.values().length == 1 && i.values()[0] == 0;
            if (!zero) {
                throw refuse("pads with a value other than 0; Kiln pads with zeros or replicates the border");
            }
        }
        if (hasInput(3)) {
            throw refuse("pads selected axes; Kiln imports pads of all four dimensions");
        }
        if (pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
            throw refuse("pads " + Arrays.toString(pads) + "; Kiln pads height and width only");
        }
        for (long p : pads) {
            if (p < 0 || p > MAX_SIDE) {
                throw refuse("has padding " + p + "; Kiln pads by 0 to " + MAX_SIDE + " (a negative pad crops)");
            }
        }
        boolean edge = switch (mode) {
            case "constant" -> false;
            case "edge" -> true;
            default -> throw refuse("pads in mode '" + mode + "'; Kiln pads with zeros (constant) or replicates the border (edge)");
        };
        return new Padded(a, pads[2], pads[3], pads[6], pads[7], edge, node);
    }

    private Value conv() {
        Value x = in(0);
        Padded padded = x instanceof Padded p ? p : null;
        Act a = padded != null ? padded.source() : image(0);
        Floats wt = floats(1);
        if (wt.dims().length != 4) {
            throw refuse("has a " + wt.dims().length + "-dimensional weight; Kiln imports 2-d convolutions");
        }
        if (intAttr("group", 1) != 1) {
            throw refuse("is a grouped convolution (group " + intAttr("group", 1) + "); Kiln's convs are not grouped");
        }
        if (wt.dims()[1] != a.c()) {
            throw refuse("has weights for " + wt.dims()[1] + " input channels but reads " + a.c());
        }
        int kh = side(wt.dims()[2], "kernel height"), kw = side(wt.dims()[3], "kernel width");
        long[] strides = intsAttr("strides", 1, 1);
        long[] dil = intsAttr("dilations", 1, 1);
        for (int i = 0; i < 2; i++) {
            side(strides[i], "stride");
            side(dil[i], "dilation");
        }
        long[] pads = pads(a, kh, kw, strides, dil);
        boolean edge = false;
        if (padded != null) {
            if (padded.edge()) {
                if (pads[0] + pads[1] + pads[2] + pads[3] != 0) {
                    throw refuse("pads with zeros after replicate padding; Kiln pads a conv one way");
                }
                edge = true;
            }
            pads = new long[] {pads[0] + padded.top(), pads[1] + padded.left(), pads[2] + padded.bottom(), pads[3] + padded.right()};
        }
        KilnLayer l = layer(KilnLayer.Kind.CONV2D, a);
        if (padded != null) {
            l.nodes.add(0, describe(padded.node()));
        }
        l.units = side(wt.dims()[0], "filters");
        l.kernel = new int[] {kh, kw};
        l.stride = new int[] {side(strides[0], "stride"), side(strides[1], "stride")};
        l.dilation = new int[] {side(dil[0], "dilation"), side(dil[1], "dilation")};
        l.replicate = edge;
        setPads(l, a, pads, true);
        l.params.put("weight", new KilnLayer.Tensor(intDims(wt.dims()), wt.values()));
        if (hasInput(2)) {
            Floats b = floats(2);
            if (b.values().length != l.units) {
                throw refuse("has " + b.values().length + " biases for " + l.units + " filters");
            }
            l.params.put("bias", new KilnLayer.Tensor(new int[] {l.units}, b.values()));
        }
        Window win = window(l);
        return output(l, l.units, win.outputHeight((int) a.h()), win.outputWidth((int) a.w()), false);
    }

    /** pads as (top, left, bottom, right) from {@code pads} or {@code auto_pad}. */
    private long[] pads(Act a, int kh, int kw, long[] strides, long[] dil) {
        String auto = stringAttr("auto_pad", "NOTSET");
        switch (auto) {
            case "NOTSET" -> {
                long[] p = intsAttr("pads", 0, 0, 0, 0);
                for (long v : p) {
                    if (v < 0 || v > MAX_SIDE) {
                        throw refuse("has padding " + v);
                    }
                }
                return new long[] {p[0], p[1], p[2], p[3]};
            }
            case "VALID" -> {
                return new long[4];
            }
            case "SAME_UPPER" -> {
                Window s = Window.same((int) a.h(), (int) a.w(), kh, kw, (int) strides[0], (int) strides[1], (int) dil[0], (int) dil[1]);
                return new long[] {s.padTop(), s.padLeft(), s.padBottom(), s.padRight()};
            }
            default -> throw refuse("has auto_pad " + auto + "; Kiln's same padding puts the larger half at the bottom/right (SAME_UPPER)");
        }
    }

    /** Symmetric padding as it is; asymmetric only where it is exactly Keras' same. */
    private void setPads(KilnLayer l, Act a, long[] pads, boolean conv) {
        l.pads = new int[] {(int) pads[0], (int) pads[1], (int) pads[2], (int) pads[3]};
        if (pads[0] == pads[2] && pads[1] == pads[3]) {
            return;
        }
        Window s = Window.same((int) a.h(), (int) a.w(), l.kernel[0], l.kernel[1], l.stride[0], l.stride[1],
                l.dilation[0], l.dilation[1]);
        if (conv && s.padTop() == pads[0] && s.padLeft() == pads[1] && s.padBottom() == pads[2] && s.padRight() == pads[3]) {
            l.same = true;
            return;
        }
        throw refuse("pads asymmetrically (top " + pads[0] + ", left " + pads[1] + ", bottom " + pads[2] + ", right "
                + pads[3] + ")" + (conv ? ", which is not Keras' same padding for this input" : "")
                + "; Kiln pads both sides alike" + (conv ? " or as same" : ""));
    }

    private static Window window(KilnLayer l) {
        return new Window(l.kernel[0], l.kernel[1], l.stride[0], l.stride[1], l.pads[0], l.pads[2], l.pads[1], l.pads[3],
                l.dilation[0], l.dilation[1]);
    }

    private Value pool() {
        boolean avg = node.getOpType().equals("AveragePool");
        Value x = in(0);
        Padded padded = x instanceof Padded p ? p : null;
        Act a = padded != null ? padded.source() : image(0);
        long[] k = intsAttr("kernel_shape");
        if (k == null || k.length != 2) {
            throw refuse("has no 2-d kernel_shape");
        }
        if (intAttr("ceil_mode", 0) != 0) {
            throw refuse("rounds its output size up (ceil_mode 1); Kiln rounds down as PyTorch's default");
        }
        long[] dil = intsAttr("dilations", 1, 1);
        if (dil[0] != 1 || dil[1] != 1) {
            throw refuse("is dilated; Kiln's pools are not");
        }
        if (intAttr("storage_order", 0) != 0) {
            throw refuse("has storage_order 1");
        }
        KilnLayer l = layer(avg ? KilnLayer.Kind.AVG_POOL2D : KilnLayer.Kind.MAX_POOL2D, a);
        l.kernel = new int[] {side(k[0], "pool size"), side(k[1], "pool size")};
        long[] strides = intsAttr("strides", 1, 1);
        l.stride = new int[] {side(strides[0], "stride"), side(strides[1], "stride")};
        long[] pads = pads(a, l.kernel[0], l.kernel[1], strides, dil);
        if (padded != null) {
            // zeros before an average pool are what count_include_pad means; before a max pool they could win
            if (padded.edge() || !avg && padded.top() + padded.left() + padded.bottom() + padded.right() > 0) {
                throw refuse("reads " + (padded.edge() ? "replicate" : "zero") + " padding; Kiln's " + (avg ? "average" : "max")
                        + " pool pads " + (avg ? "with zeros" : "with -infinity"));
            }
            l.nodes.add(0, describe(padded.node()));
            pads = new long[] {pads[0] + padded.top(), pads[1] + padded.left(), pads[2] + padded.bottom(), pads[3] + padded.right()};
        }
        boolean anyPad = pads[0] + pads[1] + pads[2] + pads[3] > 0;
        if (avg && anyPad && intAttr("count_include_pad", 0) == 0 && padded == null) {
            throw refuse("does not count padding in its averages (count_include_pad 0); Kiln divides by the whole window "
                    + "as PyTorch's default count_include_pad=True");
        }
        setPads(l, a, pads, false);
        Window win = window(l);
        return output(l, a.c(), win.outputHeight((int) a.h()), win.outputWidth((int) a.w()), false);
    }

    private Value globalAveragePool() {
        Act a = image(0);
        if (SpecSource.GRAPH_OPS) {
            // (N, C, H, W) -> Kiln's vector (C); the Flatten exporters put after it changes nothing
            return output(layer(KilnLayer.Kind.GLOBAL_AVG_POOL2D, a), a.c(), 1, 1, true);
        }
        // exact as an average pool over the whole image
        KilnLayer l = layer(KilnLayer.Kind.AVG_POOL2D, a);
        l.kernel = new int[] {(int) a.h(), (int) a.w()};
        l.stride = l.kernel.clone();
        return output(l, a.c(), 1, 1, false);
    }

    private Value gemm() {
        Act a = act(0);
        if (!a.vector()) {
            throw refuse("reads an image; flatten it first");
        }
        if (intAttr("transA", 0) != 0) {
            throw refuse("transposes its input (transA 1)");
        }
        Floats b = floats(1);
        if (b.dims().length != 2) {
            throw refuse("has a " + b.dims().length + "-dimensional weight");
        }
        boolean transB = intAttr("transB", 0) != 0;
        float alpha = floatAttr("alpha", 1f), beta = floatAttr("beta", 1f);
        long inDim = transB ? b.dims()[1] : b.dims()[0];
        long out = transB ? b.dims()[0] : b.dims()[1];
        if (inDim != a.c()) {
            throw refuse("has weights for " + inDim + " inputs but reads " + a.c());
        }
        KilnLayer l = layer(KilnLayer.Kind.DENSE, a);
        l.units = side(out, "units");
        l.params.put("weight", new KilnLayer.Tensor(new int[] {l.units, (int) inDim}, scaled(transB ? b.values()
                : transposed(b.values(), (int) inDim, l.units), alpha)));
        if (hasInput(2)) {
            Floats c = floats(2);
            if (c.values().length != l.units) {
                throw refuse("has a bias of " + c.values().length + " values for " + l.units + " units (Kiln does not broadcast other shapes)");
            }
            l.params.put("bias", new KilnLayer.Tensor(new int[] {l.units}, scaled(c.values(), beta)));
        }
        return output(l, l.units, 1, 1, true);
    }

    private Value matMul() {
        Act a = act(0);
        if (!a.vector()) {
            throw refuse("multiplies an image; flatten it first");
        }
        Floats b = floats(1);
        if (b.dims().length != 2 || b.dims()[0] != a.c()) {
            throw refuse("multiplies a vector of " + a.c() + " by weights of shape " + Arrays.toString(b.dims()));
        }
        KilnLayer l = layer(KilnLayer.Kind.DENSE, a);
        l.units = side(b.dims()[1], "units");
        l.params.put("weight", new KilnLayer.Tensor(new int[] {l.units, (int) a.c()}, transposed(b.values(), (int) a.c(), l.units)));
        return output(l, l.units, 1, 1, true);
    }

    private Value add() {
        Value x = in(0), y = in(1);
        if (x instanceof Act a && y instanceof Act b) {
            if (!SpecSource.GRAPH_OPS) {
                throw refuse("adds two layer outputs (a residual connection); that is Kiln's @Add, which this build of Kiln "
                        + "does not have yet");
            }
            if (a.c() != b.c() || a.h() != b.h() || a.w() != b.w() || a.vector() != b.vector()) {
                throw refuse("adds tensors of different shapes; Kiln's @Add needs one shape (ONNX broadcasting is not imported)");
            }
            KilnLayer l = layer(KilnLayer.Kind.ADD, a);
            l.from.add(b.layer());
            return output(l, a.c(), a.h(), a.w(), a.vector());
        }
        Act a = x instanceof Act xa ? xa : y instanceof Act ya ? ya : null;
        Floats bias = x instanceof Floats f ? f : y instanceof Floats f2 ? f2 : null;
        if (a == null || bias == null) {
            throw refuse("adds constants; Kiln imports an Add of a bias to a MatMul or of two layer outputs");
        }
        KilnLayer l = fusable(a, "a bias");
        if (l.kind != KilnLayer.Kind.DENSE || l.hasBias() || bias.values().length != l.units) {
            throw refuse("adds a constant of " + bias.values().length + " values to node " + l.nodes.get(0)
                    + "; Kiln imports an Add only as the bias of a MatMul");
        }
        l.params.put("bias", new KilnLayer.Tensor(new int[] {l.units}, bias.values()));
        l.nodes.add(describe(node));
        return a;
    }

    private Value batchNorm() {
        Act a = act(0);
        if (intAttr("training_mode", 0) != 0) {
            throw refuse("is in training mode; export the model in evaluation mode");
        }
        KilnLayer l = fusable(a, "a batch norm");
        if (!l.params.containsKey("weight")) {
            throw refuse("normalises the output of node " + l.nodes.get(0) + "; Kiln folds a batch norm only into the conv "
                    + "or dense layer before it");
        }
        float eps = floatAttr("epsilon", 1e-5f);
        float[] scale = floats(1).values(), shift = floats(2).values(), mean = floats(3).values(), var = floats(4).values();
        int ch = l.units;
        if (scale.length != ch || shift.length != ch || mean.length != ch || var.length != ch) {
            throw refuse("normalises " + scale.length + " channels after a layer of " + ch);
        }
        // y = gamma (x - mean) / sqrt(var + eps) + beta, folded into the weights and bias before it
        float[] weight = l.params.get("weight").values().clone();
        int per = weight.length / ch;
        float[] bias = l.hasBias() ? l.params.get("bias").values().clone() : new float[ch];
        for (int o = 0; o < ch; o++) {
            double f = scale[o] / Math.sqrt(var[o] + (double) eps);
            for (int i = 0; i < per; i++) {
                weight[o * per + i] = (float) (weight[o * per + i] * f);
            }
            bias[o] = (float) ((bias[o] - mean[o]) * f + shift[o]);
        }
        l.params.put("weight", new KilnLayer.Tensor(l.params.get("weight").shape(), weight));
        l.params.put("bias", new KilnLayer.Tensor(new int[] {ch}, bias));
        l.nodes.add(describe(node));
        return a;
    }

    private Value activation(Activation kind) {
        Act a = act(0);
        KilnLayer l = fusable(a, "an activation");
        l.activation = kind;
        l.nodes.add(describe(node));
        return a;
    }

    private Value softmax() {
        Act a = act(0);
        if (!a.vector()) {
            throw refuse("normalises an image; Kiln's softmax ends a dense layer");
        }
        long ax = axis(intAttr("axis", node.getOpType().equals("Softmax") ? -1 : 1), 2);
        if (ax != 1) {
            throw refuse("normalises over axis " + ax + "; Kiln's softmax is over the units (axis 1)");
        }
        return activation(Activation.SOFTMAX);
    }

    /** The layer whose raw output {@code a} is, when nothing else reads it, so that an activation, bias or batch norm can join it. */
    private KilnLayer fusable(Act a, String what) {
        KilnLayer l = a.layer();
        if (l == null || !l.carriesActivation()) {
            throw refuse("applies " + what + " to " + (l == null ? "the input" : "the output of node " + l.nodes.get(0))
                    + "; Kiln applies " + what + " only as part of a conv or dense layer");
        }
        if (l.activation != Activation.NONE) {
            throw refuse("applies " + what + " after " + l.activation + "; Kiln has one activation per layer, last");
        }
        if (consumers.getOrDefault(node.getInput(0), 0) > 1 && !node.getInput(0).isEmpty()) {
            throw refuse("applies " + what + " to a tensor that other nodes also read");
        }
        return l;
    }

    // ------------------------------------------------------------------ helpers

    private KilnLayer layer(KilnLayer.Kind kind, Act source) {
        KilnLayer l = new KilnLayer(kind, describe(node));
        l.name = suggestedName(kind);
        l.from.add(source.layer());
        layers.add(l);
        return l;
    }

    private Act output(KilnLayer l, long c, long h, long w, boolean vector) {
        if (c < 1 || h < 1 || w < 1) {
            throw refuse("produces an empty output (" + c + ", " + h + ", " + w + ")");
        }
        l.c = c;
        l.h = h;
        l.w = w;
        l.vector = vector;
        return new Act(l, c, h, w, vector);
    }

    /** A readable name: the node's own when it is a Java identifier, else its path's parts, else its weights' prefix. */
    private String suggestedName(KilnLayer.Kind kind) {
        String n = node.getName();
        if (javax.lang.model.SourceVersion.isIdentifier(n) && !javax.lang.model.SourceVersion.isKeyword(n)) {
            return n;
        }
        if (node.getInputCount() > 1 && node.getInput(1).endsWith(".weight")) {
            String prefix = node.getInput(1).substring(0, node.getInput(1).length() - ".weight".length());
            String id = identifier(prefix);
            if (!id.isEmpty()) {
                return id;
            }
        }
        // "/block1/conv1/Conv" -> block1_conv1
        String path = n.startsWith("/") ? n.substring(1) : n;
        int slash = path.lastIndexOf('/');
        String id = identifier(slash > 0 ? path.substring(0, slash) : "");
        return id.isEmpty() ? kind.name().toLowerCase(java.util.Locale.ROOT).replace("_", "") : id;
    }

    private static String identifier(String s) {
        String[] parts = s.split("[^A-Za-z0-9]+");
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (!p.isEmpty()) {
                kept.add(p);
            }
        }
        // "/features/features.0" repeats itself; keep the last distinct parts
        List<String> dedup = new ArrayList<>();
        for (String p : kept) {
            if (dedup.isEmpty() || !dedup.get(dedup.size() - 1).equals(p)) {
                dedup.add(p);
            }
        }
        String id = String.join("_", dedup);
        if (id.isEmpty()) {
            return id;
        }
        return Character.isJavaIdentifierStart(id.charAt(0)) ? id : "l" + id;
    }

    private static float[] scaled(float[] v, float f) {
        if (f == 1f) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * f;
        }
        return out;
    }

    /** (rows, cols) row-major to (cols, rows). */
    private static float[] transposed(float[] v, int rows, int cols) {
        float[] out = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = v[r * cols + c];
            }
        }
        return out;
    }

    private int side(long v, String what) {
        if (v < 1 || v > MAX_SIDE) {
            throw refuse("has " + what + " " + v + "; Kiln needs 1 to " + MAX_SIDE);
        }
        return (int) v;
    }

    private static int[] intDims(long[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Math.toIntExact(dims[i]);
        }
        return out;
    }

    private long axis(long a, long rank) {
        long r = a < 0 ? a + rank : a;
        if (r < 0 || r >= rank) {
            throw refuse("names axis " + a + " of a " + rank + "-dimensional tensor");
        }
        return r;
    }

    private AttributeProto attr(String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private long intAttr(String name, long fallback) {
        AttributeProto a = attr(name);
        return a == null ? fallback : a.getI();
    }

    private float floatAttr(String name, float fallback) {
        AttributeProto a = attr(name);
        return a == null ? fallback : a.getF();
    }

    private String stringAttr(String name, String fallback) {
        AttributeProto a = attr(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** A 2-d attribute such as strides (2 values) or pads (4); {@code fallback} when absent, null when absent without one. */
    private long[] intsAttr(String name, long... fallback) {
        AttributeProto a = attr(name);
        if (a == null) {
            return fallback.length == 0 ? null : fallback;
        }
        long[] v = a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        if (fallback.length > 0 && v.length != fallback.length) {
            throw refuse("has " + name + " " + Arrays.toString(v) + "; Kiln imports 2-d ops (" + fallback.length + " values)");
        }
        return v;
    }

    private InteropException refuse(String why) {
        return new InteropException(file + ": node " + describe(node) + " " + why + ". Nothing was written.");
    }

    static String describe(NodeProto n) {
        return (n.getName().isEmpty() ? "(unnamed)" : "'" + n.getName() + "'") + " (" + n.getOpType() + ")";
    }
}
