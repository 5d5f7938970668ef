package dev.kiln.interop.onnx;

import dev.kiln.interop.InteropException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx.TensorProto;

/** Decodes ONNX tensors, checking every declared size against the bytes that hold the values before allocating. */
final class OnnxTensors {
    /** Values Kiln imports in one tensor: far above any network it can express, far below the heap. */
    static final long MAX_ELEMENTS = 1L << 28;

    private OnnxTensors() {
    }

    static long[] dims(TensorProto t, String where) {
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            if (dims[i] < 0) {
                throw new InteropException(where + ": tensor " + t.getName() + " has a negative dimension " + dims[i]);
            }
        }
        return dims;
    }

    static long count(long[] dims, String where) {
        long n = 1;
        for (long d : dims) {
            if (d != 0 && n > MAX_ELEMENTS / d) {
                throw new InteropException(where + ": a tensor of shape " + java.util.Arrays.toString(dims)
                        + " is larger than Kiln imports (" + MAX_ELEMENTS + " values)");
            }
            n *= d;
        }
        return n;
    }

    static float[] floats(TensorProto t, String where, ExternalData external) {
        int count = Math.toIntExact(count(dims(t, where), where));
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new InteropException(where + ": tensor " + t.getName() + " is of ONNX data type " + t.getDataType()
                    + "; Kiln imports float32 weights (type 1)");
        }
        if (ExternalData.isExternal(t)) {
            float[] out = new float[count];
            external.read(t, (long) count * Float.BYTES, where).asFloatBuffer().get(out);
            return out;
        }
        if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != (long) count * Float.BYTES) {
                throw new InteropException(where + ": tensor " + t.getName() + " declares " + count + " values but holds "
                        + t.getRawData().size() + " bytes");
            }
            float[] out = new float[count];
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        if (t.getFloatDataCount() != count) {
            throw new InteropException(where + ": tensor " + t.getName() + " declares " + count + " values but holds "
                    + t.getFloatDataCount());
        }
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    static boolean isInteger(TensorProto t) {
        int type = t.getDataType();
        return type == TensorProto.DataType.INT64_VALUE || type == TensorProto.DataType.INT32_VALUE;
    }

    static long[] ints(TensorProto t, String where, ExternalData external) {
        int count = Math.toIntExact(count(dims(t, where), where));
        boolean wide = t.getDataType() == TensorProto.DataType.INT64_VALUE;
        if (!isInteger(t)) {
            throw new InteropException(where + ": tensor " + t.getName() + " should hold integers, its ONNX data type is "
                    + t.getDataType());
        }
        int width = wide ? Long.BYTES : Integer.BYTES;
        if (ExternalData.isExternal(t)) {
            ByteBuffer b = external.read(t, (long) count * width, where);
            long[] out = new long[count];
            for (int i = 0; i < count; i++) {
                out[i] = wide ? b.getLong() : b.getInt();
            }
            return out;
        }
        if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != (long) count * width) {
                throw new InteropException(where + ": tensor " + t.getName() + " declares " + count + " values but holds "
                        + t.getRawData().size() + " bytes");
            }
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long[] out = new long[count];
            for (int i = 0; i < count; i++) {
                out[i] = wide ? b.getLong() : b.getInt();
            }
            return out;
        }
        int found = wide ? t.getInt64DataCount() : t.getInt32DataCount();
        if (found != count) {
            throw new InteropException(where + ": tensor " + t.getName() + " declares " + count + " values but holds " + found);
        }
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = wide ? t.getInt64Data(i) : t.getInt32Data(i);
        }
        return out;
    }
}
