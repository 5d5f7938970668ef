package dev.kiln.bench;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Achieved GFLOP/s of each conv and dense layer of the samples, forward and backward, on each Kiln
 * backend. Each layer is compiled on its own as a one-layer network of the same shapes
 * ({@link dev.kiln.bench.layers}), so its time is that layer's alone; inside the whole network the
 * generator may fuse it with its pooling layer, which these figures do not show.
 *
 * <ul>
 *   <li>Flops: 2 per multiply-accumulate ({@link LayerSpec#multiplies()}) per image; backward does
 *       the weight gradient and, except for a network's first layer (whose input gradient nobody
 *       needs, and which the full network does not compute either), the input gradient: 2x or 4x.</li>
 *   <li>Java: the generated {@link JavaPass} directly: forward alone, then forward + loss +
 *       backward; backward = the difference (it includes the elementwise loss).</li>
 *   <li>OpenCL: only the public {@link Backend} API is there: forward = {@code predict} (with the
 *       input upload and output download), backward = {@code trainStep} − {@code predict} (with
 *       the loss and the Adam update of this layer's parameters).</li>
 * </ul>
 */
final class LayerBench {
    private LayerBench() {
    }

    /** One layer to time: which sample and layer it stands for, its one-layer network, and whether it is the sample's first layer. */
    record Case(String network, String layer, String className, boolean first, int batch) {
    }

    record Result(Case layerCase, String backend, double forwardMs, double backwardMs, double forwardGflops,
                  double backwardGflops, String error) {
    }

    static List<Case> cases(String network, int batch) {
        String p = "dev.kiln.bench.layers.";
        return switch (network) {
            case "LeNet5" -> List.of(new Case(network, "c1", p + "LeNet5C1", true, batch),
                    new Case(network, "c3", p + "LeNet5C3", false, batch),
                    new Case(network, "c5", p + "LeNet5C5", false, batch),
                    new Case(network, "f6", p + "LeNet5F6", false, batch),
                    new Case(network, "out", p + "LeNet5Out", false, batch));
            case "FashionCnn" -> List.of(new Case(network, "conv1", p + "FashionCnnConv1", true, batch),
                    new Case(network, "conv2", p + "FashionCnnConv2", false, batch),
                    new Case(network, "dense1", p + "FashionCnnDense1", false, batch),
                    new Case(network, "dense2", p + "FashionCnnDense2", false, batch));
            default -> List.of();
        };
    }

    static Result measure(Case c, String backend, double seconds) {
        try {
            KilnModel model = KilnModels.find(c.className());
            NetworkSpec spec = model.spec();
            LayerSpec layer = spec.layers().get(spec.layers().size() - 1);
            double forwardFlops = 2.0 * layer.multiplies() * c.batch();
            double backwardFlops = forwardFlops * (c.first() ? 1 : 2);
            double[] ms = backend.equals("java") ? timeJava(model, c, seconds) : timeBackend(model, c, backend, seconds);
            double bwd = Math.max(ms[1] - ms[0], 1e-9);
            return new Result(c, backend, ms[0], bwd, forwardFlops / (ms[0] * 1e6), backwardFlops / (bwd * 1e6), null);
        } catch (RuntimeException | LinkageError e) {
            return new Result(c, backend, Double.NaN, Double.NaN, Double.NaN, Double.NaN, e.toString());
        }
    }

    /** {forward ms, forward + loss + backward ms} through the generated JavaPass. */
    private static double[] timeJava(KilnModel model, Case c, double seconds) {
        NetworkSpec spec = model.spec();
        Inputs in = Inputs.random(spec, c.batch());
        float[] params = Initializers.initialize(spec, Contestants.INIT_SEED);
        float[] grads = new float[spec.parameterCount()];
        float[] inputGrad = c.first() ? null : new float[in.images.length];
        JavaPass pass = model.newJavaPass();
        pass.plan(c.batch());
        double fwd = millisPerCall(() -> pass.forward(params, in.images, c.batch(), true, 1), seconds);
        double step = millisPerCall(() -> {
            pass.forward(params, in.images, c.batch(), true, 1);
            pass.loss(in.labels, in.targets, c.batch());
            pass.backward(params, grads, inputGrad, c.batch());
        }, seconds);
        return new double[] {fwd, step};
    }

    /** {predict ms, trainStep ms} through a backend. */
    private static double[] timeBackend(KilnModel model, Case c, String kind, double seconds) {
        NetworkSpec spec = model.spec();
        Inputs in = Inputs.random(spec, c.batch());
        float[] out = new float[c.batch() * spec.output().intSize()];
        try (Backend b = Backends.open(model, kind, -1, OptimizerConfig.adam(), null)) {
            b.plan(c.batch());
            b.setParameters(Initializers.initialize(spec, Contestants.INIT_SEED));
            double fwd = millisPerCall(() -> b.predict(in.images, c.batch(), out), seconds);
            double step = millisPerCall(() -> b.trainStep(in.images, in.labels, in.targets, c.batch(), 1e-3, 1, null), seconds);
            return new double[] {fwd, step};
        }
    }

    /** Warms up for a third of {@code seconds}, then returns the mean time of whole calls over the rest. */
    private static double millisPerCall(Runnable r, double seconds) {
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        do {
            r.run();
        } while (System.nanoTime() < warmEnd);
        long calls = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 2 / 3 * 1e9);
        long t;
        do {
            r.run();
            calls++;
            t = System.nanoTime();
        } while (t < end);
        return (t - t0) / 1e6 / calls;
    }

    /** Random pixels in [0, 1), random class labels, zero regression targets. */
    private record Inputs(float[] images, int[] labels, float[] targets) {
        static Inputs random(NetworkSpec spec, int batch) {
            SplittableRandom rnd = new SplittableRandom(7);
            float[] images = new float[batch * spec.input().intSize()];
            for (int i = 0; i < images.length; i++) {
                images[i] = (float) rnd.nextDouble();
            }
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = rnd.nextInt(spec.output().intSize());
            }
            return new Inputs(images, labels, new float[batch * spec.output().intSize()]);
        }
    }

    static List<Result> measureAll(List<String> networks, int[] batches, List<String> backends, double seconds) {
        List<Result> results = new ArrayList<>();
        for (int n = 0; n < networks.size(); n++) {
            for (Case c : cases(networks.get(n), batches[n])) {
                for (String backend : backends) {
                    results.add(measure(c, backend, seconds));
                }
            }
        }
        return results;
    }
}
