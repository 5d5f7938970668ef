package dev.kiln.interop.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime (its Java package, natives inside the jar) on one float batch. */
public final class OnnxRuntimes {
    private OnnxRuntimes() {
    }

    /** The flat {@code output} of {@code model} for {@code input} of shape {@code (batch, c, h, w)}. */
    public static float[] run(byte[] model, float[] input, long... shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
                OnnxTensor y = (OnnxTensor) result.get(0);
                FloatBuffer b = y.getFloatBuffer();
                float[] out = new float[b.remaining()];
                b.get(out);
                return out;
            }
        }
    }

    /**
     * The largest error of {@code actual} against {@code expected}, relative to
     * {@code max(|expected_i|, 0.01 max_j |expected_j|)}: relative where a value is at least 1% of
     * the output's largest, and relative to that 1% below it, where float32 sums cancel and two
     * correct implementations differ in the last bits of a number near zero.
     */
    public static double maxRelativeError(float[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("lengths " + actual.length + " and " + expected.length);
        }
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / Math.max(Math.max(Math.abs(expected[i]), 0.01 * scale), 1e-30);
            if (Double.isNaN(err)) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, err);
        }
        return worst;
    }

    /**
     * The largest error of {@code actual} against {@code expected} relative to the largest magnitude
     * of {@code expected}: the error of a network's output vector at the scale of its outputs. Two float32
     * implementations of a deep network (ONNX Runtime and PyTorch among them) differ by a few 1e-6 of the
     * largest logit on every element, which is well beyond 1e-4 of a logit near zero.
     */
    public static double relativeToLargest(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("lengths " + actual.length + " and " + expected.length);
        }
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double err = Math.abs(actual[i] - (double) expected[i]);
            worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : Math.max(worst, err);
        }
        return worst / Math.max(scale, 1e-30);
    }
}
