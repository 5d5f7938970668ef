package dev.kiln.runtime.opencl;

import static org.jocl.CL.*;

import dev.kiln.dsl.Loss;
import dev.kiln.opencl.KernelArg;
import dev.kiln.opencl.OpenClBuffer;
import dev.kiln.opencl.OpenClLaunch;
import dev.kiln.opencl.OpenClProgram;
import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.backend.BatchChecks;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.OptimizerState;
import dev.kiln.runtime.optim.ParamGroups;
import dev.kiln.spec.NetworkSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Runs a generated {@link OpenClProgram} on one OpenCL device. Parameters, gradients, optimiser
 * state and activations live on the device; a step sends the batch (and labels or targets) up and
 * brings the per-image losses (and, on request, the outputs) down. Every OpenCL object belongs
 * to one {@link ClArena}, released in {@link #close()}.
 *
 * <p>A step follows {@link Backend#trainStep}'s rule for a non-finite loss: the training plan runs
 * up to and including the loss launch, the losses come down, and backward and the update are
 * enqueued only when their mean is finite.
 *
 * <p>Safe to share between threads: each operation holds this backend (its one queue and buffers)
 * for its whole length, so calls from several threads run one after the other.
 */
public final class OpenClBackend implements Backend {
    /** Work items per enqueue before a per-image launch is split along the batch (issue 7: short launches). */
    static volatile long maxItemsPerEnqueue = Long.getLong("kiln.opencl.maxItemsPerLaunch", 1L << 22);
    /**
     * Build options; {@code -Dkiln.opencl.options=...} adds to them, read when a backend opens (the
     * random-network parity test opens with {@code -cl-opt-disable}: PoCL then compiles kernels in
     * about half the time).
     */
    static String buildOptions() {
        return ("-cl-std=CL1.2 " + System.getProperty("kiln.opencl.options", "")).trim();
    }
    /** {@code -Dkiln.opencl.profile=true}: time every kernel with queue profiling ({@link #kernelNanos()}); slows steps down. */
    static final boolean PROFILE = Boolean.getBoolean("kiln.opencl.profile");
    /** Work-group size of one-dimensional launches; every kernel ignores the items past its end. */
    static final long LINEAR_GROUP = 64;

    private final NetworkSpec spec;
    private final OpenClProgram program;
    private OptimizerConfig optimizer;
    /** Per-tensor learning-rate factors; null: one rate for all. */
    private ParamGroups groups;
    /** Per layer, whether it is frozen (its parameter-gradient launches are skipped); null when none is. */
    private boolean[] frozenLayers;
    private final OpenClDevice device;
    private final ClArena arena = new ClArena();
    private final cl_context context;
    private final cl_command_queue queue;
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final Map<String, Long> kernelWorkGroup = new HashMap<>();
    private final Map<String, DeviceBuffer> buffers = new LinkedHashMap<>();
    /** The per-call scalars by {@link KernelArg.Scalar} ordinal: Integer or Float. */
    private final Object[] scalars = new Object[KernelArg.Scalar.values().length];
    /** Each launch's buffer arguments resolved to device buffers, rebuilt when {@link #plan} reallocates. */
    private final Map<OpenClLaunch, DeviceBuffer[]> bound = new java.util.IdentityHashMap<>();
    private final Map<String, Long> kernelNanos = new LinkedHashMap<>();
    /** Launches of the training plan up to and including the one that writes the per-image losses; -1 until the first step. */
    private int forwardAndLossLaunches = -1;
    private int plannedBatch;
    private long adamStep;
    private long launches;
    private boolean closed;

    private OpenClBackend(NetworkSpec spec, OpenClProgram program, OpenClDevice device, OptimizerConfig optimizer) {
        this.spec = spec;
        this.program = program;
        this.optimizer = optimizer;
        this.device = device;
        try {
            context = arena.context(device);
            queue = arena.queue(context, device, PROFILE);
            cl_program built = ProgramCache.build(arena, context, device, spec.simpleName() + "OpenCl", program.source(),
                    buildOptions());
            for (List<OpenClLaunch> plan : List.of(program.forwardPlan(), program.predictPlan(), program.trainingPlan(),
                    List.of(program.sgdUpdate(), program.adamUpdate()))) {
                for (OpenClLaunch l : plan) {
                    if (!kernels.containsKey(l.kernel())) {
                        cl_kernel k = arena.kernel(built, l.kernel());
                        kernels.put(l.kernel(), k);
                        long[] wg = new long[1];
                        clGetKernelWorkGroupInfo(k, device.deviceId, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(wg), null);
                        kernelWorkGroup.put(l.kernel(), wg[0]);
                    }
                }
            }
            for (OpenClBuffer b : program.buffers()) {
                if (b.perImage() == 0) {
                    allocate(b, 0);
                }
            }
            zero("velocity", "adam_m", "adam_v", "frozen");
            // the same starting weights as the Java backend (seed 0), not whatever the new buffer held (NaN on PoCL)
            if (spec.parameterCount() > 0) {
                write("params", Initializers.initialize(spec, 0L));
            }
            if (spec.stateCount() > 0) {
                write("state", spec.initialState());
            }
        } catch (RuntimeException e) {
            arena.close();
            throw e instanceof CLException ce ? new KilnException("opencl: opening " + spec.simpleName() + " on "
                    + device.name() + " failed: " + ce.getMessage(), ce) : e;
        }
    }

    /** The number of launches up to the last one that names the {@code loss} buffer: forward and the loss. */
    private static int forwardAndLossLaunches(NetworkSpec spec, List<OpenClLaunch> training) {
        for (int i = training.size() - 1; i >= 0; i--) {
            if (training.get(i).args().contains(KernelArg.buffer("loss"))) {
                return i + 1;
            }
        }
        throw new KilnException(spec.simpleName() + "OpenCl: no launch of the training plan writes the 'loss' buffer");
    }

    /** Whether any OpenCL platform with a device can be opened on this machine. */
    public static boolean platformAvailable() {
        return !OpenClDevices.list().isEmpty();
    }

    /** Opens device {@code device} (-1: a GPU if there is one, else any device) and builds the program. */
    public static Backend open(NetworkSpec spec, OpenClProgram program, int device, OptimizerConfig optimizer) {
        CL.setExceptionsEnabled(true);
        return new OpenClBackend(spec, program, OpenClDevices.pick(device), optimizer);
    }

    @Override
    public String description() {
        return "opencl: " + device.name() + " (" + (device.isGpu() ? "GPU" : "CPU") + ", " + device.platform() + ")";
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    /** The device this backend runs on. */
    public OpenClDevice device() {
        return device;
    }

    /** Kernel launches enqueued so far, a split launch counting once (tests compare with the plan). */
    public synchronized long launches() {
        return launches;
    }

    @Override
    public synchronized void plan(int maxBatch) {
        open();
        if (maxBatch < 1) {
            throw new KilnException(spec.simpleName() + ": a batch holds at least 1 image, not " + maxBatch);
        }
        if (maxBatch == plannedBatch) {
            return;
        }
        for (OpenClBuffer b : program.buffers()) {
            if (b.perImage() > 0) {
                DeviceBuffer old = buffers.remove(b.name());
                if (old != null) {
                    arena.release(old);
                }
                allocate(b, maxBatch);
            }
        }
        bound.clear();
        plannedBatch = maxBatch;
    }

    @Override
    public synchronized void setParameters(float[] params) {
        open();
        BatchChecks.checkParameters(spec, params);
        if (params.length > 0) {
            write("params", params);
        }
        zero("velocity", "adam_m", "adam_v");
        adamStep = 0;
    }

    @Override
    public synchronized void getParameters(float[] dst) {
        open();
        checkLength("parameter destination", dst, spec.parameterCount(), 1);
        read("params", dst, spec.parameterCount());
    }

    @Override
    public synchronized void setOptimizer(OptimizerConfig config) {
        open();
        optimizer = config;
        zero("velocity", "adam_m", "adam_v");
        adamStep = 0;
    }

    @Override
    public synchronized OptimizerState optimizerState() {
        open();
        int n = spec.parameterCount();
        boolean adam = optimizer.kind() == OptimizerConfig.Kind.ADAM;
        float[] first = new float[n];
        float[] second = adam ? new float[n] : null;
        read(adam ? "adam_m" : "velocity", first, n);
        if (adam) {
            read("adam_v", second, n);
        }
        return new OptimizerState(adamStep, first, second);
    }

    @Override
    public synchronized void setOptimizerState(OptimizerState state) {
        open();
        boolean adam = optimizer.kind() == OptimizerConfig.Kind.ADAM;
        if (state.first() == null || (adam && state.second() == null)) {
            throw new IllegalArgumentException("the saved optimiser state is not one of " + optimizer.kind());
        }
        if (spec.parameterCount() > 0) {
            write(adam ? "adam_m" : "velocity", state.first());
            if (adam) {
                write("adam_v", state.second());
            }
        }
        adamStep = adam ? state.steps() : 0;
    }

    @Override
    public synchronized void setState(float[] state) {
        open();
        checkLength("state", state, spec.stateCount(), 1);
        if (spec.stateCount() > 0) {
            write("state", state, spec.stateCount());
        }
    }

    @Override
    public synchronized void getState(float[] dst) {
        open();
        checkLength("state destination", dst, spec.stateCount(), 1);
        read("state", dst, spec.stateCount());
    }

    /**
     * Copies the gradients of the last training step whose loss was finite (with respect to the
     * parameters it started from) into {@code dst}; a step with a non-finite loss leaves them as they were.
     */
    public synchronized void readGradients(float[] dst) {
        open();
        checkLength("gradient destination", dst, spec.parameterCount(), 1);
        read("grads", dst, spec.parameterCount());
    }

    @Override
    public synchronized double trainStep(float[] input, int[] labels, float[] targets, int batch, double learningRate, long seed,
                            float[] outputs) {
        open();
        // the same checks, in the same order, as the Java backend: nothing is enqueued for a bad batch
        BatchChecks.checkBatch(spec, batch, 0);
        BatchChecks.checkInput(spec, input, batch);
        BatchChecks.checkLabels(spec, labels, batch);
        BatchChecks.checkTargets(spec, targets, batch);
        int outSize = spec.output().intSize();
        if (outputs != null) {
            BatchChecks.checkOutputs(spec, "output", outputs, batch, outSize);
        }
        prepareBatch(input, batch);
        if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            writeInts("labels", labels, batch);
        } else {
            write("targets", targets, batch * outSize);
        }
        scalar(KernelArg.Scalar.SEED_LO, (int) seed);
        scalar(KernelArg.Scalar.SEED_HI, (int) (seed >>> 32));
        List<OpenClLaunch> training = program.trainingPlan();
        if (forwardAndLossLaunches < 0) {
            forwardAndLossLaunches = forwardAndLossLaunches(spec, training);
        }
        run(training.subList(0, forwardAndLossLaunches), batch);
        float[] losses = new float[batch];
        read("loss", losses, batch);
        if (outputs != null) {
            read(program.trainingOutputBuffer(), outputs, batch * outSize);
        }
        double sum = 0;
        for (float l : losses) {
            sum += l;
        }
        double loss = sum / batch;
        if (Double.isFinite(loss)) { // Backend#trainStep: no backward and no update after a non-finite loss
            run(training.subList(forwardAndLossLaunches, training.size()), batch);
            if (spec.parameterCount() > 0) {
                OpenClLaunch update = updateLaunch(learningRate);
                if (groups == null) {
                    run(List.of(update), batch);
                } else {
                    runUpdateRanges(update, learningRate);
                }
            }
        }
        return loss;
    }

    /** Runs the program's predict plan: the inference rewrite, each batch norm folded into the layer before it. */
    @Override
    public synchronized void predict(float[] input, int batch, float[] outputs) {
        run(spec.layers().size() - 1, program.predictPlan(), input, batch, outputs);
    }

    @Override
    public synchronized void layerOutput(int layerIndex, float[] input, int batch, float[] out) {
        run(layerIndex, program.forwardPlan(), input, batch, out);
    }

    /** Runs an inference plan on {@code batch} images and reads layer {@code layerIndex}'s output. */
    private void run(int layerIndex, List<OpenClLaunch> plan, float[] input, int batch, float[] out) {
        open();
        BatchChecks.checkLayer(spec, layerIndex);
        BatchChecks.checkBatch(spec, batch, 0);
        BatchChecks.checkInput(spec, input, batch);
        int size = spec.layers().get(layerIndex).output().intSize();
        BatchChecks.checkOutputs(spec, "output of layer " + spec.layers().get(layerIndex).name(), out, batch, size);
        prepareBatch(input, batch);
        run(plan, batch);
        read(program.layerBuffers().get(layerIndex), out, batch * size);
    }

    /** Device time per kernel so far, in nanoseconds; empty unless {@code -Dkiln.opencl.profile=true}. */
    public synchronized Map<String, Long> kernelNanos() {
        return Map.copyOf(kernelNanos);
    }

    /**
     * Driver reference counts of this backend's buffers, by name: 1 while only this backend holds a
     * buffer; commands that used it may hold more until the driver retires them (OpenCL calls the
     * count immediately stale, a leak-hunting aid).
     */
    public synchronized Map<String, Integer> bufferReferenceCounts() {
        open();
        clFinish(queue); // enqueued commands hold references to their buffers until they complete
        Map<String, Integer> m = new LinkedHashMap<>();
        buffers.forEach((name, b) -> m.put(name, b.referenceCount()));
        return m;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            clFinish(queue);
        } finally {
            buffers.clear();
            kernels.clear();
            arena.close();
        }
    }

    @Override
    public synchronized void setParamGroups(ParamGroups newGroups) {
        open();
        this.groups = newGroups == null || newGroups.isUniform() ? null : newGroups;
        this.frozenLayers = groups == null ? null : groups.frozenLayers(spec);
        if (buffers.containsKey("frozen")) {
            // batch norm reads it: a frozen one uses its running statistics in training
            boolean[] frozen = groups == null ? new boolean[spec.layers().size()] : groups.frozenLayers(spec);
            int[] flags = new int[frozen.length];
            for (int l = 0; l < flags.length; l++) {
                flags[l] = frozen[l] ? 1 : 0;
            }
            writeInts("frozen", flags, flags.length);
        }
    }

    /**
     * The optimiser launch over each learning range only, with the range's rate: the global offset
     * starts the work items at the range, and the exact global size (no work-group rounding, so the
     * driver picks the group) keeps them inside it. Frozen ranges get no work item at all.
     */
    private void runUpdateRanges(OpenClLaunch update, double learningRate) {
        cl_kernel k = kernels.get(update.kernel());
        for (ParamGroups.Range r : groups.learning()) {
            scalar(KernelArg.Scalar.LR, (float) (learningRate * r.factor()));
            List<KernelArg> args = update.args();
            DeviceBuffer[] resolved = bound.computeIfAbsent(update, this::resolve);
            for (int i = 0; i < args.size(); i++) {
                bind(k, i, update.kernel(), args.get(i), resolved[i]);
            }
            try {
                clEnqueueNDRangeKernel(queue, k, 1, new long[] {r.offset()}, new long[] {r.size()}, null, 0, null, null);
            } catch (CLException e) {
                throw new KilnException("opencl: launching " + update.kernel() + " over parameters [" + r.offset() + ", "
                        + (r.offset() + r.size()) + ") of " + spec.simpleName() + " on " + device.name() + " failed: "
                        + e.getMessage(), e);
            }
            launches++;
        }
    }

    private OpenClLaunch updateLaunch(double learningRate) {
        scalar(KernelArg.Scalar.LR, (float) learningRate);
        scalar(KernelArg.Scalar.WEIGHT_DECAY, (float) optimizer.weightDecay());
        if (optimizer.kind() == OptimizerConfig.Kind.SGD) {
            scalar(KernelArg.Scalar.MOMENTUM, (float) optimizer.momentum());
            scalar(KernelArg.Scalar.NESTEROV, optimizer.nesterov() ? 1 : 0);
            return program.sgdUpdate();
        }
        adamStep++;
        scalar(KernelArg.Scalar.BETA1, (float) optimizer.beta1());
        scalar(KernelArg.Scalar.BETA2, (float) optimizer.beta2());
        scalar(KernelArg.Scalar.EPS, (float) optimizer.epsilon());
        scalar(KernelArg.Scalar.BC1, (float) (1 - Math.pow(optimizer.beta1(), adamStep)));
        scalar(KernelArg.Scalar.BC2, (float) (1 - Math.pow(optimizer.beta2(), adamStep)));
        return program.adamUpdate();
    }

    /** Uploads a batch the caller has checked with {@link BatchChecks}, planning bigger buffers if needed. */
    private void prepareBatch(float[] input, int batch) {
        if (batch > plannedBatch) {
            plan(batch);
        }
        write("input", input, batch * spec.input().intSize());
        scalar(KernelArg.Scalar.BATCH, batch);
    }

    private void scalar(KernelArg.Scalar s, Object value) {
        scalars[s.ordinal()] = value;
    }

    private void run(List<OpenClLaunch> plan, int batch) {
        for (OpenClLaunch l : plan) {
            if (l.gradientOfLayer() >= 0 && frozenLayers != null && frozenLayers[l.gradientOfLayer()]) {
                // a frozen layer's parameters do not change: its weight gradient is not computed at all
                continue;
            }
            cl_kernel k = kernels.get(l.kernel());
            List<KernelArg> args = l.args();
            DeviceBuffer[] resolved = bound.computeIfAbsent(l, this::resolve);
            for (int i = 0; i < args.size(); i++) {
                bind(k, i, l.kernel(), args.get(i), resolved[i]);
            }
            try {
                enqueue(k, l, batch);
            } catch (CLException e) {
                throw new KilnException("opencl: launching kernel " + l.kernel() + " of " + spec.simpleName() + "OpenCl ("
                        + l.args() + ", batch " + batch + ") on " + device.name() + " failed: " + e.getMessage(), e);
            }
            launches++;
        }
    }

    /** The device buffer of each buffer argument (null for the others), looked up once per plan. */
    private DeviceBuffer[] resolve(OpenClLaunch l) {
        List<KernelArg> args = l.args();
        DeviceBuffer[] out = new DeviceBuffer[args.size()];
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof KernelArg.Buffer b) {
                out[i] = buffer(b.name());
            }
        }
        return out;
    }

    private void bind(cl_kernel k, int index, String kernel, KernelArg arg, DeviceBuffer b) {
        if (b != null) {
            clSetKernelArg(k, index, Sizeof.cl_mem, Pointer.to(b.mem()));
            return;
        }
        Object v = arg instanceof KernelArg.Constant c ? Integer.valueOf(c.value())
                : arg instanceof KernelArg.Scalar s ? scalars[s.ordinal()] : null;
        if (v instanceof Integer i) {
            clSetKernelArg(k, index, Sizeof.cl_int, Pointer.to(new int[] {i}));
        } else if (v instanceof Float f) {
            clSetKernelArg(k, index, Sizeof.cl_float, Pointer.to(new float[] {f}));
        } else {
            throw new IllegalStateException(kernel + ": argument " + index + " '" + arg + "' is neither a buffer nor a scalar of this call");
        }
    }

    /** Enqueues one launch, split along its last dimension when it is per image and larger than the chunk limit. */
    private void enqueue(cl_kernel k, OpenClLaunch l, int batch) {
        long[] global = l.global(batch);
        int dims = global.length;
        long limit = Math.min(kernelWorkGroup.get(l.kernel()), device.maxWorkGroupSize());
        // one fixed size for linear launches, so a driver compiles each kernel for one work-group shape only
        long size = l.tiled() ? workGroupSize(global[0], Math.min(256, limit)) : Math.min(LINEAR_GROUP, limit);
        global[0] = (global[0] + size - 1) / size * size;
        long[] local = new long[dims];
        java.util.Arrays.fill(local, 1);
        local[0] = size;
        long last = global[dims - 1];
        long perSlice = 1;
        for (int d = 0; d < dims - 1; d++) {
            perSlice *= global[d];
        }
        long step = l.perImage() ? Math.max(1, maxItemsPerEnqueue / perSlice) : last;
        if (dims == 1) {
            step = Math.max(size, step / size * size); // chunks of whole work-groups
        }
        for (long start = 0; start < last; start += step) {
            long[] offset = new long[dims];
            long[] g = global.clone();
            offset[dims - 1] = start;
            g[dims - 1] = Math.min(step, last - start);
            if (PROFILE) {
                cl_event event = new cl_event();
                clEnqueueNDRangeKernel(queue, k, dims, offset, g, local, 0, null, event);
                clWaitForEvents(1, new cl_event[] {event});
                long[] begin = new long[1];
                long[] end = new long[1];
                clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(begin), null);
                clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end), null);
                clReleaseEvent(event);
                kernelNanos.merge(l.kernel(), end[0] - begin[0], Long::sum);
            } else {
                clEnqueueNDRangeKernel(queue, k, dims, offset, g, local, 0, null, null);
            }
        }
    }

    /** The largest power of two up to {@code limit} that wastes at most an eighth of {@code items} in the last group. */
    static long workGroupSize(long items, long limit) {
        long size = Long.highestOneBit(Math.max(1, limit));
        while (size > 1 && ((items + size - 1) / size * size - items) * 8 > items) {
            size /= 2;
        }
        return size;
    }

    private void allocate(OpenClBuffer b, int maxBatch) {
        long bytes = Math.multiplyExact(b.elements(maxBatch), 4L);
        buffers.put(b.name(), arena.buffer(context, device, b.name(), bytes));
    }

    private void zero(String... names) {
        for (String n : names) {
            DeviceBuffer b = buffers.get(n);
            if (b != null) {
                clEnqueueFillBuffer(queue, b.mem(), Pointer.to(new float[] {0}), Sizeof.cl_float, 0, b.bytes(), 0, null, null);
            }
        }
    }

    private void write(String name, float[] data) {
        write(name, data, data.length);
    }

    private void write(String name, float[] data, int count) {
        clEnqueueWriteBuffer(queue, buffer(name).mem(), CL_TRUE, 0, (long) count * Sizeof.cl_float, Pointer.to(data), 0, null, null);
    }

    /** The first {@code count} ints of buffer {@code name} as the last launch left them (tests read a max pool's argmax). */
    int[] readInts(String name, int count) {
        open();
        int[] dst = new int[count];
        if (count > 0) {
            clEnqueueReadBuffer(queue, buffer(name).mem(), CL_TRUE, 0, (long) count * Sizeof.cl_int, Pointer.to(dst), 0, null, null);
        }
        return dst;
    }

    private void writeInts(String name, int[] data, int count) {
        clEnqueueWriteBuffer(queue, buffer(name).mem(), CL_TRUE, 0, (long) count * Sizeof.cl_int, Pointer.to(data), 0, null, null);
    }

    private void read(String name, float[] dst, int count) {
        if (count > 0) {
            clEnqueueReadBuffer(queue, buffer(name).mem(), CL_TRUE, 0, (long) count * Sizeof.cl_float, Pointer.to(dst), 0, null, null);
        }
    }

    private DeviceBuffer buffer(String name) {
        DeviceBuffer b = buffers.get(name);
        if (b == null) {
            throw new IllegalStateException(spec.simpleName() + ": the plan names no buffer '" + name + "'");
        }
        return b;
    }

    private void checkLength(String what, float[] array, long needed, int batch) {
        if (array == null || array.length < needed) {
            throw new KilnException(spec.simpleName() + ": the " + what + " for " + batch + " image(s) needs " + needed
                    + " floats, got " + (array == null ? "null" : array.length));
        }
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException(spec.simpleName() + ": this OpenCL backend is closed");
        }
    }
}
