package dev.kiln.interop.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Builds one ONNX graph node by node, knowing nothing of Kiln's spec: unique tensor names,
 * float initializers stored as little-endian {@code raw_data}, typed attributes, and the model
 * around the graph with its opset and the IR version that opset needs.
 */
final class OnnxGraph {
    /** The lowest and highest default-domain opsets the exporter writes; ONNX Runtime 1.20 runs up to 21. */
    static final int MIN_OPSET = 13;
    static final int MAX_OPSET = 21;
    static final String BATCH = "batch";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    /** Node names are a namespace of their own in ONNX: a node may share its layer's name with the tensor it makes. */
    private final Set<String> nodeNames = new HashSet<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** {@code base}, or {@code base_2}, {@code base_3}... when it is taken; reserves the result. */
    String unique(String base) {
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** Reserves a name that must stay exactly as given (the graph's input and output). */
    void reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException(name + " is already used");
        }
    }

    void input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
    }

    void output(String name, long... dims) {
        graph.addOutput(valueInfo(name, dims));
    }

    /** A float initializer of {@code shape} from {@code values[offset .. offset + product(shape))}. */
    String floats(String name, long[] shape, float[] values, int offset) {
        String unique = unique(name);
        int count = Math.toIntExact(product(shape));
        ByteBuffer bytes = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            bytes.putFloat(values[offset + i]);
        }
        bytes.flip();
        TensorProto.Builder t = TensorProto.newBuilder().setName(unique).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return unique;
    }

    /** An int64 initializer (the {@code pads} input of {@code Pad}). */
    String int64s(String name, long... values) {
        String unique = unique(name);
        TensorProto.Builder t = TensorProto.newBuilder().setName(unique).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return unique;
    }

    /** Adds a node named (uniquely) {@code name}; returns the builder to add attributes to. */
    NodeProto.Builder node(String opType, String name, List<String> inputs, String output) {
        String unique = name;
        for (int i = 2; !nodeNames.add(unique); i++) {
            unique = name + "_" + i;
        }
        return NodeProto.newBuilder().setOpType(opType).setName(unique).addAllInput(inputs).addOutput(output);
    }

    void add(NodeProto.Builder node) {
        graph.addNode(node);
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto text(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** The model: this graph, the default-domain opset and the IR version the opset was released with. */
    ModelProto model(int opset, String producerVersion, String docString) {
        return ModelProto.newBuilder()
                .setIrVersion(irVersion(opset))
                .setProducerName("kiln")
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph)
                .build();
    }

    /** ONNX 1.8 (opset 13) wrote IR 7, 1.10-1.13 (15-18) IR 8, 1.14-1.15 (19-20) IR 9, 1.16 (21) IR 10. */
    static int irVersion(int opset) {
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        return opset <= 20 ? 9 : 10;
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
