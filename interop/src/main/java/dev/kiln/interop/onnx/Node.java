package dev.kiln.interop.onnx;

import dev.kiln.interop.InteropException;
import java.util.Arrays;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;

/** One ONNX node as the import reads it: its inputs as {@link Value}s, its attributes, and refusals that name it. */
final class Node {
    final NodeProto proto;
    private final String file;
    private final Map<String, Value> values;

    Node(NodeProto proto, String file, Map<String, Value> values) {
        this.proto = proto;
        this.file = file;
        this.values = values;
    }

    String op() {
        return proto.getOpType();
    }

    String describe() {
        return describe(proto);
    }

    static String describe(NodeProto n) {
        return (n.getName().isEmpty() ? "(unnamed)" : "'" + n.getName() + "'") + " (" + n.getOpType() + ")";
    }

    InteropException refuse(String why) {
        return new InteropException(file + ": node " + describe() + " " + why + ". Nothing was written.");
    }

    boolean hasInput(int i) {
        return i < proto.getInputCount() && !proto.getInput(i).isEmpty();
    }

    String input(int i) {
        return proto.getInput(i);
    }

    Value in(int i) {
        if (!hasInput(i)) {
            throw refuse("lacks input " + i);
        }
        Value v = values.get(proto.getInput(i));
        if (v == null) {
            throw refuse("reads " + proto.getInput(i) + " before it is computed");
        }
        return v;
    }

    Value.Ints ints(int i) {
        if (in(i) instanceof Value.Ints c) {
            return c;
        }
        throw refuse("needs input " + i + " (" + proto.getInput(i) + ") to be an integer constant known at import time");
    }

    Value.Floats floats(int i) {
        if (in(i) instanceof Value.Floats f) {
            return f;
        }
        throw refuse("needs input " + i + " (" + proto.getInput(i) + ") to be float weights (an initializer or constant)");
    }

    /** An axis in [0, rank), negative ones counted from the end. */
    long axis(long a, long rank) {
        long r = a < 0 ? a + rank : a;
        if (r < 0 || r >= rank) {
            throw refuse("names axis " + a + " of a " + rank + "-dimensional tensor");
        }
        return r;
    }

    AttributeProto attr(String name) {
        for (AttributeProto a : proto.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    boolean hasAttr(String name) {
        return attr(name) != null;
    }

    long intAttr(String name, long fallback) {
        AttributeProto a = attr(name);
        return a == null ? fallback : a.getI();
    }

    float floatAttr(String name, float fallback) {
        AttributeProto a = attr(name);
        return a == null ? fallback : a.getF();
    }

    String stringAttr(String name, String fallback) {
        AttributeProto a = attr(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** The ints of an attribute, or null when absent. */
    long[] intsAttr(String name) {
        AttributeProto a = attr(name);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** A 2-d attribute such as strides (2 values) or pads (4); {@code fallback} when absent. */
    long[] intsAttr(String name, long... fallback) {
        long[] v = intsAttr(name);
        if (v == null) {
            return fallback;
        }
        if (v.length != fallback.length) {
            throw refuse("has " + name + " " + Arrays.toString(v) + "; Kiln imports 2-d ops (" + fallback.length + " values)");
        }
        return v;
    }

    /** Axes from input {@code index} (newer opsets) or the {@code axes} attribute (older); null when neither. */
    long[] axes(int index) {
        if (hasInput(index)) {
            return ints(index).values();
        }
        return intsAttr("axes");
    }
}
