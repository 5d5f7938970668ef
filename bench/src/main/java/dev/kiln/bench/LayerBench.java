package dev.kiln.bench;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.java.conv.ConvShape;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Achieved GFLOP/s of each conv and dense layer of the samples, forward and backward, on each Kiln
 * backend. Each layer is compiled on its own as a one-layer network of the same shapes
 * ({@link dev.kiln.bench.layers}), so its time is that layer's alone; inside the whole network the
 * generator may fuse it with its pooling layer, which these figures do not show.
 *
 * <p>A last row per network times the whole sample the same way, with every fusion the generator does.
 *
 * <ul>
 *   <li>Flops: 2 per multiply-accumulate ({@link Op#multiplies()}) per image; backward does
 *       the weight gradient and, except for a network's first layer (whose input gradient nobody
 *       needs, and which the full network does not compute either), the input gradient: 2x or 1x
 *       the forward flops.</li>
 *   <li>Java: the generated {@link JavaPass} directly: forward alone, forward + loss, then forward +
 *       loss + backward; backward = the last two's difference. The loss is left out of it because a
 *       one-layer network's loss runs over that layer's whole output (25,088 values per image for
 *       FashionCnn's conv1), which no layer of the real network pays. Once on the shared
 *       pool (every core, wall-clock), once on a one-worker pool timed by thread CPU time (per core,
 *       robust to other load on the machine).</li>
 *   <li>OpenCL: only the public {@link Backend} API is there: forward = {@code predict} (with the
 *       input upload and output download), backward = {@code trainStep} − {@code predict} (with
 *       the loss and the Adam update of this layer's parameters).</li>
 * </ul>
 */
final class LayerBench {
    private LayerBench() {
    }

    /**
     * One layer to time: which sample and layer it stands for, its one-layer network (or, with {@code kernel}, the runtime's
     * convolution of that shape), whether it is the sample's first layer, and its multiply-adds per image (0: the whole network).
     */
    record Case(String network, String layer, String className, boolean first, int batch, ConvShape kernel, long macs,
                boolean training) {
        Case(String network, String layer, String className, boolean first, int batch) {
            this(network, layer, className, first, batch, null, 0, true);
        }
    }

    /**
     * Wall-clock figures on every core, and for the Java backend also the single-core figures: the
     * pass on a one-worker pool, timed by the thread's CPU time, which other processes on the
     * machine disturb far less than wall-clock time (NaN where not measured). {@code lossMs} is the
     * loss the Java backward figures leave out (NaN for OpenCL, whose backward includes it).
     */
    record Result(Case layerCase, String backend, double forwardMs, double backwardMs, double forwardGflops,
                  double backwardGflops, double coreForwardGflops, double coreBackwardGflops, double lossMs, String error) {
    }

    /**
     * The cases {@code backend} times: every one for Java; for the others only those through the public API (the conv kernels'
     * rows are the Java backend's own).
     */
    static List<Case> cases(String network, int batch, String backend) {
        List<Case> all = cases(network, batch);
        return backend.equals("java") ? all : all.stream().filter(c -> c.kernel() == null).toList();
    }

    static List<Case> cases(String network, int batch) {
        String p = "dev.kiln.bench.layers.";
        return switch (network) {
            case "LeNet5" -> List.of(new Case(network, "c1", p + "LeNet5C1", true, batch),
                    new Case(network, "c3", p + "LeNet5C3", false, batch),
                    new Case(network, "c5", p + "LeNet5C5", false, batch),
                    new Case(network, "f6", p + "LeNet5F6", false, batch),
                    new Case(network, "out", p + "LeNet5Out", false, batch),
                    new Case(network, "whole network", "dev.kiln.samples.LeNet5", true, batch));
            case "FashionCnn" -> List.of(new Case(network, "conv1", p + "FashionCnnConv1", true, batch),
                    new Case(network, "conv2", p + "FashionCnnConv2", false, batch),
                    new Case(network, "dense1", p + "FashionCnnDense1", false, batch),
                    new Case(network, "dense2", p + "FashionCnnDense2", false, batch),
                    new Case(network, "whole network", "dev.kiln.samples.FashionCnn", true, batch));
            default -> specCases(network, batch);
        };
    }

    /**
     * The conv layers of a sample, each timed through the runtime's convolution kernels at its exact shape, and the whole
     * sample through its generated pass.
     */
    static List<Case> specCases(String network, int batch) {
        String sample = "dev.kiln.samples." + network;
        NetworkSpec spec;
        try {
            spec = KilnModels.find(sample).spec();
        } catch (IllegalStateException e) {
            return List.of();
        }
        boolean training = BenchNetwork.find(network).trains();
        List<Case> out = new ArrayList<>();
        boolean first = true;
        for (Op op : spec.layers()) {
            if (op instanceof Conv2dOp conv) {
                boolean readsInput = conv.from() == null || conv.from().equals(Op.INPUT);
                out.add(new Case(network, op.name(), sample, first && readsInput, batch, ConvShape.of(conv), conv.multiplies(), training));
            }
            if (!op.parameters().isEmpty()) {
                first = false;
            }
        }
        out.add(new Case(network, "whole network", sample, true, batch, null, 0, training));
        return out;
    }

    static Result measure(Case c, String backend, double seconds) {
        if (c.kernel() != null) {
            return backend.equals("java") ? measureKernel(c, seconds)
                    : new Result(c, backend, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    "per-layer kernels are timed for the Java backend only");
        }
        try {
            KilnModel model = KilnModels.find(c.className());
            double forwardFlops = forwardFlops(model.spec(), c.batch());
            double backwardFlops = 2 * forwardFlops - (c.first() ? firstLayerFlops(model.spec(), c.batch()) : 0);
            boolean java = backend.equals("java");
            double[] ms = java ? timeJava(model, model.newJavaPass(), c, seconds, false)
                    : timeBackend(model, c, backend, seconds);
            // a tiny layer's backward can sink below the noise of two wall-clock timings: NaN, not an absurd rate
            double bwd = ms[2] - ms[1] > 0 ? ms[2] - ms[1] : Double.NaN;
            double loss = java && c.training() ? Math.max(ms[1] - ms[0], 0) : Double.NaN;
            double coreFwd = Double.NaN;
            double coreBwd = Double.NaN;
            if (java) {
                double[] cpu = timeJava(model, singleWorkerPass(model), c, seconds, true);
                coreFwd = forwardFlops / (cpu[0] * 1e6);
                coreBwd = cpu[2] - cpu[1] > 0 ? backwardFlops / ((cpu[2] - cpu[1]) * 1e6) : Double.NaN;
            }
            return new Result(c, backend, ms[0], bwd, forwardFlops / (ms[0] * 1e6), backwardFlops / (bwd * 1e6), coreFwd, coreBwd,
                    loss, null);
        } catch (RuntimeException | LinkageError | ReflectiveOperationException e) {
            return new Result(c, backend, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    e.toString());
        }
    }

    /** A conv layer through the runtime's kernels: every core (wall-clock), then one core (CPU time). */
    private static Result measureKernel(Case c, double seconds) {
        Result same = KERNEL_RESULTS.get(c.kernel() + "@" + c.batch() + "/" + c.first() + "/" + c.training());
        if (same != null) {
            // a layer of the same shape measured already (ResNet-50 has 53 convs of 23 shapes): its figures, under this name
            return new Result(c, same.backend(), same.forwardMs(), same.backwardMs(), same.forwardGflops(), same.backwardGflops(),
                    same.coreForwardGflops(), same.coreBackwardGflops(), same.lossMs(), same.error());
        }
        Result r = measureKernelOnce(c, seconds);
        KERNEL_RESULTS.put(c.kernel() + "@" + c.batch() + "/" + c.first() + "/" + c.training(), r);
        return r;
    }

    private static final java.util.Map<String, Result> KERNEL_RESULTS = new java.util.HashMap<>();

    private static Result measureKernelOnce(Case c, double seconds) {
        try {
            KernelTiming all = new KernelTiming(c.kernel(), c.batch(), c.first(), c.training(), WorkerPool.shared());
            double fwd = millisPerCall(all::forward, seconds, false);
            double bwd = c.training() ? millisPerCall(all::backward, seconds, false) : Double.NaN;
            KernelTiming one = new KernelTiming(c.kernel(), c.batch(), c.first(), c.training(), new WorkerPool(1));
            double coreFwd = millisPerCall(one::forwardOneCore, seconds, true);
            double coreBwd = c.training() ? millisPerCall(one::backwardOneCore, seconds, true) : Double.NaN;
            return new Result(c, "java", fwd, bwd, all.forwardFlops() / (fwd * 1e6), all.backwardFlops() / (bwd * 1e6),
                    one.forwardFlops() / (coreFwd * 1e6), one.backwardFlops() / (coreBwd * 1e6), Double.NaN, null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Result(c, "java", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, e.toString());
        }
    }

    /** 2 flops per multiply-accumulate of every conv and dense layer. */
    static double forwardFlops(NetworkSpec spec, int batch) {
        double flops = 0;
        for (Op l : spec.layers()) {
            if (!l.parameters().isEmpty()) {
                flops += 2.0 * l.multiplies() * batch;
            }
        }
        return flops;
    }

    /** The forward flops of the first layer with parameters: its input gradient is the one backward skips. */
    private static double firstLayerFlops(NetworkSpec spec, int batch) {
        for (Op l : spec.layers()) {
            if (!l.parameters().isEmpty()) {
                return 2.0 * l.multiplies() * batch;
            }
        }
        return 0;
    }

    /**
     * The generated pass on a pool of one worker (the calling thread), through the public
     * {@code FooJavaPass(WorkerPool)} constructor the generator writes beside the default one.
     */
    private static JavaPass singleWorkerPass(KilnModel model) throws ReflectiveOperationException {
        Class<?> type = model.newJavaPass().getClass();
        return (JavaPass) type.getConstructor(WorkerPool.class).newInstance(new WorkerPool(1));
    }

    /**
     * {forward ms, forward + loss ms, forward + loss + backward ms} through a generated JavaPass, in
     * wall-clock or this thread's CPU time.
     */
    private static double[] timeJava(KilnModel model, JavaPass pass, Case c, double seconds, boolean cpuTime) {
        NetworkSpec spec = model.spec();
        Inputs in = Inputs.random(spec, c.batch());
        if (!c.training()) {
            // a network measured at inference only: predict, as its throughput is; no backward
            float[] params = Initializers.initialize(spec, Contestants.INIT_SEED);
            pass.plan(c.batch());
            double fwd = millisPerCall(() -> pass.predict(params, in.images, c.batch()), seconds, cpuTime);
            return new double[] {fwd, Double.NaN, Double.NaN};
        }
        float[] params = Initializers.initialize(spec, Contestants.INIT_SEED);
        float[] grads = new float[spec.parameterCount()];
        float[] inputGrad = c.first() ? null : new float[in.images.length];
        pass.plan(c.batch());
        double fwd = millisPerCall(() -> pass.forward(params, in.images, c.batch(), true, 1), seconds, cpuTime);
        double fwdLoss = millisPerCall(() -> {
            pass.forward(params, in.images, c.batch(), true, 1);
            pass.loss(in.labels, in.targets, c.batch());
        }, seconds, cpuTime);
        double step = millisPerCall(() -> {
            pass.forward(params, in.images, c.batch(), true, 1);
            pass.loss(in.labels, in.targets, c.batch());
            pass.backward(params, grads, inputGrad, c.batch());
        }, seconds, cpuTime);
        return new double[] {fwd, fwdLoss, step};
    }

    /** {predict ms, predict ms, trainStep ms} through a backend: the loss is not separable there. */
    private static double[] timeBackend(KilnModel model, Case c, String kind, double seconds) {
        NetworkSpec spec = model.spec();
        Inputs in = Inputs.random(spec, c.batch());
        float[] out = new float[c.batch() * spec.output().intSize()];
        try (Backend b = Backends.open(model, kind, -1, OptimizerConfig.adam().build(), null)) {
            b.plan(c.batch());
            b.setParameters(Initializers.initialize(spec, Contestants.INIT_SEED));
            double fwd = millisPerCall(() -> b.predict(in.images, c.batch(), out), seconds, false);
            double step = millisPerCall(() -> b.trainStep(in.images, in.labels, in.targets, c.batch(), 1e-3, 1, null), seconds, false);
            return new double[] {fwd, fwd, step};
        }
    }

    /** Calls of warm-up at least (within {@link #WARM_EXTRA_SECONDS}): C2 must have compiled the Vector API kernels. */
    static final int WARM_CALLS = 50;
    static final double WARM_EXTRA_SECONDS = 4;

    /**
     * Warms up for a third of {@code seconds} and at least {@link #WARM_CALLS} calls (but no more than
     * {@link #WARM_EXTRA_SECONDS} beyond), then returns the mean time of whole calls over two thirds of
     * {@code seconds}: wall-clock, or the calling thread's CPU time (for single-worker passes). Until C2 has
     * compiled them the Vector API kernels box every vector and run tens of times slower.
     */
    static double millisPerCall(Runnable r, double seconds, boolean cpuTime) {
        long start = System.nanoTime();
        long warmEnd = start + (long) (seconds / 3 * 1e9);
        long warmCap = warmEnd + (long) (WARM_EXTRA_SECONDS * 1e9);
        int warm = 0;
        long now;
        do {
            r.run();
            warm++;
            now = System.nanoTime();
        } while (now < warmEnd || (warm < WARM_CALLS && now < warmCap));
        long calls = 0;
        long t0 = System.nanoTime();
        long cpu0 = CPU.getCurrentThreadCpuTime();
        long end = t0 + (long) (seconds * 2 / 3 * 1e9);
        long t;
        do {
            r.run();
            calls++;
            t = System.nanoTime();
        } while (t < end);
        long elapsed = cpuTime ? CPU.getCurrentThreadCpuTime() - cpu0 : t - t0;
        return elapsed / 1e6 / calls;
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

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
            for (String backend : backends) {
                for (Case c : cases(networks.get(n), batches[n], backend)) {
                    results.add(measure(c, backend, seconds));
                }
            }
        }
        return results;
    }
}
