package dev.kiln.interop.onnx;

import dev.kiln.interop.AtomicWrite;
import dev.kiln.interop.InteropException;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.rewrite.InferencePasses;
import dev.kiln.spec.rewrite.Rewrite;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;

/**
 * {@code kiln export}: a Kiln network and its parameters as a standard ONNX model in evaluation
 * mode. Input {@code input} of shape {@code (batch, C, H, W)} float32 with a dynamic batch
 * dimension, pixels as {@code kiln predict} takes them (the checkpoint's normalisation, if any, is part
 * of the graph); output {@code output}, the last layer's output as declared (logits, or
 * probabilities after a softmax or sigmoid). The graph written is the network's inference rewrite
 * ({@link InferencePasses}): a batch norm right after a conv or dense layer is folded into its weights, as
 * PyTorch's exporter does in evaluation mode. See {@link SpecToOnnx} for the op mapping.
 */
public final class OnnxExport {
    /** The opset written when none is asked for. */
    public static final int DEFAULT_OPSET = OnnxGraph.MIN_OPSET;
    public static final int MIN_OPSET = OnnxGraph.MIN_OPSET;
    public static final int MAX_OPSET = OnnxGraph.MAX_OPSET;

    private OnnxExport() {
    }

    /** The model as ONNX's protobuf message, with the running statistics the network starts with. */
    public static ModelProto model(NetworkSpec spec, float[] params, int opset) {
        return model(spec, params, spec.initialState(), opset);
    }

    /** The model as ONNX's protobuf message; {@code state} holds batch norm's running statistics ({@link NetworkSpec#state()}). */
    public static ModelProto model(NetworkSpec spec, float[] params, float[] state, int opset) {
        return model(spec, params, state, Normalization.NONE, opset);
    }

    /**
     * The model as ONNX's protobuf message, taking pixels in [0, 1] as {@code kiln predict} does: the
     * checkpoint's {@code normalize} is written into the graph ({@code Sub} the means, {@code Div} by the
     * stds, per channel) before the first layer.
     */
    public static ModelProto model(NetworkSpec spec, float[] params, float[] state, Normalization normalize, int opset) {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new InteropException("--opset " + opset + ": Kiln writes ONNX opsets " + MIN_OPSET + " to " + MAX_OPSET
                    + " (13 is what most runtimes accept; 21 needs ONNX Runtime 1.18 or later)");
        }
        if (params.length != spec.parameterCount()) {
            throw new IllegalArgumentException(spec.simpleName() + " has " + spec.parameterCount()
                    + " parameters but the array holds " + params.length);
        }
        if (state.length != spec.stateCount()) {
            throw new IllegalArgumentException(spec.simpleName() + " has " + spec.stateCount()
                    + " running statistics but the array holds " + state.length);
        }
        String version = OnnxExport.class.getPackage().getImplementationVersion();
        normalize.check(spec.input().channels());
        // the graph inference runs: each batch norm folded into the conv or dense layer before it
        Rewrite inference = InferencePasses.of(spec);
        return SpecToOnnx.model(inference.spec(), inference.parameters(params, state), inference.state(state), normalize,
                opset, version == null ? "dev" : version);
    }

    /** The serialised model. */
    public static byte[] bytes(NetworkSpec spec, float[] params, int opset) {
        return model(spec, params, opset).toByteArray();
    }

    public static byte[] bytes(NetworkSpec spec, float[] params, float[] state, int opset) {
        return model(spec, params, state, opset).toByteArray();
    }

    /** Writes the model to {@code file} atomically, with the running statistics the network starts with. */
    public static void write(Path file, NetworkSpec spec, float[] params, int opset) {
        write(file, spec, params, spec.initialState(), opset);
    }

    /** Writes the model to {@code file} atomically; {@code state} holds batch norm's running statistics. */
    public static void write(Path file, NetworkSpec spec, float[] params, float[] state, int opset) {
        AtomicWrite.bytes(file, bytes(spec, params, state, opset));
    }

    /** Writes the model with {@code normalize} in its graph to {@code file} atomically. */
    public static void write(Path file, NetworkSpec spec, float[] params, float[] state, Normalization normalize, int opset) {
        AtomicWrite.bytes(file, model(spec, params, state, normalize, opset).toByteArray());
    }
}
