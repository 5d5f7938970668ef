package dev.kiln.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * DJL with its PyTorch engine (libtorch CPU, oneDNN inside), the way a Java developer would train a
 * network without Kiln: a {@link Trainer} with Adam, one step = forward under a gradient collector,
 * softmax cross-entropy, backward, {@link Trainer#step()}. Each batch becomes an {@link NDArray} once
 * and is reused, as the DL4J contestant's are; a step's intermediate arrays live in a sub-manager
 * closed after the step, DJL's own pattern (EasyTrain) for keeping native memory flat.
 */
final class DjlContestant implements Contestant {
    private final Model model;
    private final Trainer trainer;
    private final Map<Batch, NDList> converted = new IdentityHashMap<>();
    private final BenchNetwork network;

    DjlContestant(String network, long seed, int maxBatch) {
        this.network = BenchNetwork.find(network);
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        this.model = Model.newInstance(network, "PyTorch");
        this.trainer = DjlNetworks.build(network, model);
    }

    @Override
    public String key() {
        return "djl";
    }

    @Override
    public String description() {
        Engine e = Engine.getEngine("PyTorch");
        return "DJL " + Engine.getDjlVersion() + ", PyTorch engine, libtorch " + e.getVersion() + " CPU ("
                + System.getenv().getOrDefault("PYTORCH_FLAVOR", "?") + "), " + DjlNetworks.threads() + " intra-op threads, "
                + DjlNetworks.parameterCount(model) + " parameters";
    }

    @Override
    public void trainStep(Batch batch) {
        NDList data = arrays(batch);
        try (NDManager step = trainer.getManager().newSubManager()) {
            data.tempAttach(step);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(data.get(0)));
                NDArray loss = trainer.getLoss().evaluate(new NDList(data.get(1)), predictions);
                collector.backward(loss);
            }
            trainer.step();
        }
    }

    @Override
    public void predict(Batch batch) {
        NDList data = arrays(batch);
        try (NDManager step = trainer.getManager().newSubManager()) {
            data.tempAttach(step);
            trainer.evaluate(new NDList(data.get(0))).singletonOrThrow().toFloatArray();
        }
    }

    /** (N, C, H, W) features and class indices, made once per batch. */
    private NDList arrays(Batch batch) {
        return converted.computeIfAbsent(batch, b -> {
            NDManager m = trainer.getManager();
            NDArray x = m.create(b.images(), DjlNetworks.inputShape(network, b.size()));
            float[] labels = new float[b.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = b.labels()[i];
            }
            return new NDList(x, m.create(labels, new Shape(b.size())));
        });
    }

    @Override
    public void close() {
        converted.values().forEach(NDList::close);
        converted.clear();
        trainer.close();
        model.close();
    }
}
