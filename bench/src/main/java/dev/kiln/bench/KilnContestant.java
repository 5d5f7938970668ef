package dev.kiln.bench;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;

/** A Kiln backend through its public API only: {@code plan}, {@code setParameters}, {@code trainStep}, {@code predict}. */
final class KilnContestant implements Contestant {
    static final double LEARNING_RATE = 1e-3;

    private final String key;
    private final Backend backend;
    private final float[] outputs;
    private long seed = 1;

    /**
     * @param kind     {@code java}, {@code opencl} or {@code reference}
     * @param maxBatch the largest batch it will see (training or inference)
     */
    KilnContestant(KilnModel model, String kind, int maxBatch, long initSeed) {
        this.key = "kiln-" + kind;
        this.backend = kind.equals("reference")
                ? new ReferenceBackend(model.spec(), OptimizerConfig.adam().build())
                : Backends.open(model, kind, -1, OptimizerConfig.adam().build(), null);
        try {
            backend.plan(maxBatch);
            backend.setParameters(Initializers.initialize(model.spec(), initSeed));
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        this.outputs = new float[maxBatch * model.spec().output().intSize()];
    }

    Backend backend() {
        return backend;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String description() {
        return backend.description();
    }

    @Override
    public void trainStep(Batch batch) {
        backend.trainStep(batch.images(), batch.labels(), null, batch.size(), LEARNING_RATE, seed++, null);
    }

    @Override
    public void predict(Batch batch) {
        backend.predict(batch.images(), batch.size(), outputs);
    }

    @Override
    public void close() {
        backend.close();
    }
}
