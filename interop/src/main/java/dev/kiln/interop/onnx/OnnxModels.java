package dev.kiln.interop.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.kiln.interop.InteropException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;

/**
 * Reads an ONNX file into protobuf's {@link ModelProto} with bounds: the file must fit one
 * protobuf message (under 2 GiB; external data files are read later, tensor by tensor), nesting is limited to
 * {@value #MAX_NESTING} messages (a graph inside an attribute inside a graph... stops there), and
 * every length inside is checked against the bytes that remain by protobuf itself, so that a
 * hostile length prefix cannot make it allocate. Anything else is {@link InteropException}.
 */
public final class OnnxModels {
    static final int MAX_NESTING = 64;

    private OnnxModels() {
    }

    public static ModelProto read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InteropException("cannot read " + file + ": " + e, e);
        }
        if (size >= Integer.MAX_VALUE) {
            throw new InteropException(file + " is " + size + " bytes; an ONNX model in one file is under 2 GiB "
                    + "(larger models keep their weights in external data files beside it, which Kiln reads)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InteropException("cannot read " + file + ": " + e, e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses {@code bytes}; {@code what} names them in messages. */
    public static ModelProto parse(byte[] bytes, String what) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setRecursionLimit(MAX_NESTING);
        ModelProto model;
        try {
            model = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new InteropException(what + " is not a readable ONNX model (damaged, truncated, or not ONNX): "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new InteropException(what + " is not a readable ONNX model: " + e, e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new InteropException(what + " holds no graph: not an ONNX model, or an empty one");
        }
        return model;
    }
}
