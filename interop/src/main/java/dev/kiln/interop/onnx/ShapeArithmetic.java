package dev.kiln.interop.onnx;

import static dev.kiln.interop.onnx.Value.BATCH;

import dev.kiln.interop.onnx.Value.Floats;
import dev.kiln.interop.onnx.Value.Ints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.TensorProto;

/**
 * The integer side computations exporters emit, evaluated at import time: the
 * Shape/Gather/Unsqueeze/Concat/Reshape chain of {@code x.view(x.size(0), -1)}, the
 * ConstantOfShape/Slice/Transpose/Cast chain that builds a Pad's pads, and the
 * Div/Mul/Add arithmetic of TorchScript's channel split and shuffle ({@code x.size(1) // 2}).
 * The batch size is unknown here ({@link Value#BATCH}): it may be carried along, never computed with.
 */
final class ShapeArithmetic {
    /** Integer side computations (shapes, pads, indices) are small; a larger one is hostile or not a network. */
    static final long MAX_CONSTANT = 1 << 16;

    private ShapeArithmetic() {
    }

    static long[] newInts(Node n, long count) {
        if (count < 0 || count > MAX_CONSTANT) {
            throw n.refuse("computes " + count + " integers; Kiln evaluates shape computations of up to " + MAX_CONSTANT);
        }
        return new long[(int) count];
    }

    static Value constantNode(Node n, String file, ExternalData external) {
        for (AttributeProto a : n.proto.getAttributeList()) {
            switch (a.getName()) {
                case "value" -> {
                    return constant(a.getT(), file + ": node " + n.describe(), external);
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
                case "value_floats" -> {
                    float[] f = new float[a.getFloatsCount()];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = a.getFloats(i);
                    }
                    return new Floats(f, new long[] {f.length});
                }
                default -> {
                    // other value kinds are refused below
                }
            }
        }
        throw n.refuse("holds no numeric value Kiln can read");
    }

    static Value constant(TensorProto t, String where, ExternalData external) {
        if (OnnxTensors.isInteger(t)) {
            return new Ints(OnnxTensors.ints(t, where, external), OnnxTensors.dims(t, where));
        }
        return new Floats(OnnxTensors.floats(t, where, external), OnnxTensors.dims(t, where));
    }

    static Value cast(Node n) {
        Value v = n.in(0);
        long to = n.intAttr("to", 0);
        if (v instanceof Ints i && (to == TensorProto.DataType.INT64_VALUE || to == TensorProto.DataType.INT32_VALUE)) {
            return i;
        }
        if (v instanceof Floats f && to == TensorProto.DataType.FLOAT_VALUE) {
            return f;
        }
        throw n.refuse("casts to ONNX type " + to + "; Kiln evaluates casts only of integer constants to integers");
    }

    static Value gather(Node n) {
        Ints data = n.ints(0);
        Ints idx = n.ints(1);
        if (data.dims().length != 1 || n.intAttr("axis", 0) != 0) {
            throw n.refuse("gathers from a " + data.dims().length + "-dimensional tensor; Kiln evaluates gathers from shapes only");
        }
        long[] out = new long[idx.values().length];
        for (int i = 0; i < out.length; i++) {
            long k = idx.values()[i];
            long at = k < 0 ? k + data.values().length : k;
            if (at < 0 || at >= data.values().length) {
                throw n.refuse("index " + k + " is outside a tensor of " + data.values().length);
            }
            out[i] = data.values()[(int) at];
        }
        return new Ints(out, idx.dims());
    }

    static Value unsqueeze(Node n) {
        Ints x = n.ints(0);
        long[] axes = n.axes(1);
        if (axes == null) {
            throw n.refuse("has no axes");
        }
        int rank = x.dims().length + axes.length;
        long[] dims = new long[rank];
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int at = (int) n.axis(a, rank);
            if (inserted[at]) {
                throw n.refuse("names axis " + a + " twice");
            }
            inserted[at] = true;
        }
        for (int i = 0, j = 0; i < rank; i++) {
            dims[i] = inserted[i] ? 1 : x.dims()[j++];
        }
        return new Ints(x.values(), dims);
    }

    static Value squeeze(Node n) {
        Ints x = n.ints(0);
        long[] axes = n.axes(1);
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < x.dims().length; i++) {
            final int at = i;
            boolean drop = axes == null ? x.dims()[i] == 1
                    : Arrays.stream(axes).anyMatch(a -> n.axis(a, x.dims().length) == at);
            if (!drop) {
                dims.add(x.dims()[i]);
            } else if (x.dims()[i] != 1) {
                throw n.refuse("squeezes dimension " + i + " of size " + x.dims()[i]);
            }
        }
        return new Ints(x.values(), dims.stream().mapToLong(Long::longValue).toArray());
    }

    /** Concat of 1-dimensional integer constants. */
    static Value concat(Node n) {
        List<long[]> parts = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < n.proto.getInputCount(); i++) {
            Ints p = n.ints(i);
            if (p.dims().length > 1) {
                throw n.refuse("concatenates " + p.dims().length + "-dimensional constants; Kiln evaluates 1-dimensional ones");
            }
            parts.add(p.values());
            total += p.values().length;
        }
        long[] out = newInts(n, total);
        int k = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return new Ints(out, new long[] {out.length});
    }

    static Value constantOfShape(Node n, String file, ExternalData external) {
        Ints shape = n.ints(0);
        long count = OnnxTensors.count(nonNegative(n, shape.values()), file + ": node " + n.describe());
        long fill = 0;
        AttributeProto value = n.attr("value");
        if (value != null) {
            if (!OnnxTensors.isInteger(value.getT())) {
                throw n.refuse("fills with a non-integer value; Kiln evaluates integer constants only");
            }
            long[] v = OnnxTensors.ints(value.getT(), file + ": node " + n.describe(), external);
            if (v.length != 1) {
                throw n.refuse("has a fill value of " + v.length + " elements");
            }
            fill = v[0];
        }
        long[] out = newInts(n, count);
        Arrays.fill(out, fill);
        return new Ints(out, shape.values().clone());
    }

    private static long[] nonNegative(Node n, long[] dims) {
        for (long d : dims) {
            if (d < 0) {
                throw n.refuse("has a negative size " + (d == BATCH ? "(the batch)" : String.valueOf(d)));
            }
        }
        return dims;
    }

    /** The range a Slice keeps along each axis of a tensor of {@code dims}: {lo, step, size} per axis. */
    static long[][] sliceRanges(Node n, long[] dims) {
        long[] starts = n.ints(1).values();
        long[] ends = n.ints(2).values();
        long[] axes = n.hasInput(3) ? n.ints(3).values() : null;
        long[] steps = n.hasInput(4) ? n.ints(4).values() : null;
        int rank = dims.length;
        if (ends.length != starts.length || axes != null && axes.length != starts.length
                || steps != null && steps.length != starts.length) {
            throw n.refuse("has starts, ends, axes and steps of different lengths");
        }
        long[] lo = new long[rank];
        long[] step = new long[rank];
        long[] size = dims.clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int a = (int) n.axis(axes == null ? i : axes[i], rank);
            long dim = dims[a];
            long s = steps == null ? 1 : steps[i];
            if (s == 0 || Math.abs(s) > MAX_CONSTANT || starts[i] == BATCH || ends[i] == BATCH) {
                throw n.refuse("has a step of " + s + " or bounds computed from the batch size");
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
        return new long[][] {lo, step, size};
    }

    static Value slice(Node n) {
        Ints x = n.ints(0);
        long[][] r = sliceRanges(n, x.dims());
        return gatherStrided(n, x, r[0], r[1], r[2]);
    }

    static Value transpose(Node n) {
        Ints x = n.ints(0);
        int rank = x.dims().length;
        long[] perm = permutation(n, rank);
        long[] dims = new long[rank];
        long[] inStrides = strides(x.dims());
        long[] strides = new long[rank];
        for (int i = 0; i < rank; i++) {
            int p = (int) perm[i];
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

    /** A Transpose's permutation of {@code rank} axes (reversed when absent), checked. */
    static long[] permutation(Node n, int rank) {
        long[] perm = n.intsAttr("perm");
        if (perm == null) {
            perm = new long[rank];
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
        }
        if (perm.length != rank || Arrays.stream(perm).distinct().count() != rank) {
            throw n.refuse("permutes " + Arrays.toString(perm) + " for a " + rank + "-dimensional tensor");
        }
        for (int i = 0; i < rank; i++) {
            perm[i] = n.axis(perm[i], rank);
        }
        return perm;
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

    private static Ints gatherStrided(Node n, Ints x, long[] lo, long[] step, long[] size) {
        int rank = size.length;
        long count = OnnxTensors.count(size, "node " + n.describe());
        long[] inStrides = strides(x.dims());
        long[] out = newInts(n, count);
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

    /** Reshape of an integer constant. */
    static Value reshape(Node n, Ints x, long[] target) {
        return new Ints(x.values(), resolveShape(n, target, x.dims(), x.values().length));
    }

    /** {@code target} with 0 (copy) and one -1 (inferred) resolved for {@code count} values of shape {@code dims}. */
    static long[] resolveShape(Node n, long[] target, long[] dims, long count) {
        long[] out = target.clone();
        long known = 1;
        int free = -1;
        boolean allowZero = n.intAttr("allowzero", 0) != 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && i < dims.length && !allowZero) {
                out[i] = dims[i];
            }
            if (out[i] == -1) {
                if (free >= 0) {
                    throw n.refuse("has two -1 dimensions");
                }
                free = i;
            } else if (out[i] < 0) {
                throw n.refuse("reshapes a constant to a negative size " + out[i]);
            } else {
                known = Math.multiplyExact(known, out[i]);
            }
        }
        if (free >= 0) {
            if (known == 0 || count % known != 0) {
                throw n.refuse("cannot infer the -1 dimension");
            }
            out[free] = count / known;
        } else if (known != count) {
            throw n.refuse("reshapes " + count + " values to " + known);
        }
        return out;
    }

    /** Add, Sub, Mul or Div of integer constants, element by element (ONNX's integer Div truncates). */
    static Value arithmetic(Node n) {
        Ints a = n.ints(0);
        Ints b = n.ints(1);
        long[] x = a.values();
        long[] y = b.values();
        if (x.length != y.length && x.length != 1 && y.length != 1) {
            throw n.refuse("combines integer tensors of " + x.length + " and " + y.length + " values");
        }
        long[] out = newInts(n, Math.max(x.length, y.length));
        for (int i = 0; i < out.length; i++) {
            long p = x[x.length == 1 ? 0 : i];
            long q = y[y.length == 1 ? 0 : i];
            if (p == BATCH || q == BATCH) {
                throw n.refuse("computes with the batch size; Kiln's networks do not depend on it");
            }
            out[i] = switch (n.op()) {
                case "Add" -> Math.addExact(p, q);
                case "Sub" -> Math.subtractExact(p, q);
                case "Mul" -> Math.multiplyExact(p, q);
                case "Div" -> {
                    if (q == 0) {
                        throw n.refuse("divides by zero");
                    }
                    yield p / q;
                }
                default -> throw n.refuse("is not integer arithmetic Kiln evaluates");
            };
        }
        return new Ints(out, x.length >= y.length ? a.dims() : b.dims());
    }
}
