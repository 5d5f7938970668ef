package dev.kiln.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kiln.interop.onnx.OnnxExport;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.spec.NetworkSpec;
import java.nio.FloatBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * ONNX Runtime (its Java package, natives from Maven Central) running Kiln's own ONNX export of the
 * network ({@link OnnxExport}, what {@code kiln export} writes) with the parameters every contestant
 * starts from: the same graph, weights and batch-norm statistics. CPU execution provider, all graph
 * optimisations, as many intra-op threads as cores, sequential execution. Inference only.
 */
final class OrtContestant implements Contestant {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;
    private final int threads;
    private final long[] shape;
    private final Map<Batch, OnnxTensor> converted = new IdentityHashMap<>();

    OrtContestant(KilnModel model, long seed) {
        NetworkSpec spec = model.spec();
        byte[] onnx = OnnxExport.bytes(spec, Initializers.initialize(spec, seed), spec.initialState(), OnnxExport.DEFAULT_OPSET);
        this.threads = Runtime.getRuntime().availableProcessors();
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            this.session = env.createSession(onnx, options);
            this.input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load Kiln's export of " + spec.simpleName() + ": " + e.getMessage(), e);
        }
        this.shape = new long[] {0, spec.input().channels(), spec.input().height(), spec.input().width()};
    }

    @Override
    public String key() {
        return "ort";
    }

    @Override
    public String description() {
        return "ONNX Runtime " + env.getVersion() + " (Java, CPU execution provider, all graph optimisations), " + threads
                + " intra-op threads, on Kiln's ONNX export (opset " + OnnxExport.DEFAULT_OPSET + ")";
    }

    @Override
    public boolean trains() {
        return false;
    }

    @Override
    public void trainStep(Batch batch) {
        throw new UnsupportedOperationException("ONNX Runtime's contestant runs inference only");
    }

    @Override
    public void predict(Batch batch) {
        try (OrtSession.Result r = session.run(Map.of(input, tensor(batch)))) {
            float[][] out = (float[][]) r.get(0).getValue();
            if (out.length != batch.size()) {
                throw new IllegalStateException("ONNX Runtime returned " + out.length + " rows for a batch of " + batch.size());
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The batch as an ONNX tensor, made once and reused (as the other frameworks' converted batches are). */
    private OnnxTensor tensor(Batch b) {
        return converted.computeIfAbsent(b, batch -> {
            long[] s = shape.clone();
            s[0] = batch.size();
            try {
                return OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.images()), s);
            } catch (OrtException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        converted.values().forEach(OnnxTensor::close);
        converted.clear();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
