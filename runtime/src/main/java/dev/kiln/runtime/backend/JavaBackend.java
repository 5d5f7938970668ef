package dev.kiln.runtime.backend;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.MemoryEstimate;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.OptimizerState;
import dev.kiln.runtime.optim.ParamGroups;
import dev.kiln.spec.NetworkSpec;
import java.util.Arrays;

/**
 * The CPU backend: a generated {@link JavaPass} with flat parameter and gradient arrays and the
 * Java {@link Optimizer}. A training step is: zero the gradients, forward with dropout, loss,
 * backward ({@code +=} into the gradients), one optimiser update. Buffers are planned once per
 * batch size, so a step allocates nothing in steady state.
 *
 * <p>The parameters start as {@link Initializers#initialize} with seed 0; the trainer replaces them
 * with its own seed. When a step's loss is NaN or infinite, backward and the update are skipped
 * ({@link Backend#trainStep}'s rule), so the parameters stay the last finite ones and the caller
 * can stop cleanly.
 *
 * <p>Safe to share between threads: each operation holds this backend for its whole length, so calls
 * from several threads run one after the other (the pass itself uses every core); a sequence of calls
 * (plan, then predict) is not atomic, but every operation plans what it needs itself.
 */
public final class JavaBackend implements Backend {
    private final NetworkSpec spec;
    private final JavaPass pass;
    private Optimizer optimizer;
    /** Per-tensor learning-rate factors; null: one rate for all. */
    private ParamGroups groups;
    private final float[] params;
    private final float[] grads;
    private final int outputSize;
    /** The pool the pass was built on, for {@link #description()}. */
    private final WorkerPool pool;
    private boolean closed;

    /** The backend for a generated model: its spec and a new instance of its Java pass on the shared pool. */
    public JavaBackend(KilnModel model, OptimizerConfig optimizer) {
        this(model.spec(), model.newJavaPass(), optimizer, WorkerPool.shared());
    }

    /**
     * The backend for a generated model whose pass splits batches over {@code pool}; a pool of one
     * worker runs everything on the calling thread (a Spark task, one per core, wants that).
     */
    public JavaBackend(KilnModel model, OptimizerConfig optimizer, WorkerPool pool) {
        this(model.spec(), model.newJavaPass(pool), optimizer, pool);
    }

    /** A backend over any pass that implements {@code spec} (tests hand it a pass compiled on the fly). */
    public JavaBackend(NetworkSpec spec, JavaPass pass, OptimizerConfig optimizer) {
        this(spec, pass, optimizer, WorkerPool.shared());
    }

    private JavaBackend(NetworkSpec spec, JavaPass pass, OptimizerConfig optimizer, WorkerPool pool) {
        this.spec = spec;
        this.pass = pass;
        this.pool = pool;
        this.optimizer = new Optimizer(optimizer, spec.parameterCount());
        this.params = Initializers.initialize(spec, 0L);
        this.grads = new float[spec.parameterCount()];
        this.outputSize = spec.output().intSize();
    }

    /** {@code java (N threads)}: the workers of the pool the generated pass splits batches over. */
    @Override
    public String description() {
        int threads = pool.workers();
        return "java (" + threads + (threads == 1 ? " thread)" : " threads)");
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    /** Plans for batches of up to {@code maxBatch}; a no-op when the buffers already hold that many. */
    @Override
    public synchronized void plan(int maxBatch) {
        ensureOpen();
        BatchChecks.checkBatch(spec, maxBatch, 0);
        if (maxBatch > pass.plannedBatch()) {
            pass.plan(maxBatch);
        }
    }

    @Override
    public synchronized void setParameters(float[] newParams) {
        ensureOpen();
        BatchChecks.checkParameters(spec, newParams);
        System.arraycopy(newParams, 0, params, 0, params.length);
        optimizer.reset();
        pass.parametersChanged();
    }

    /** The JVM's heap holds everything: {@link MemoryEstimate}'s figure against what the heap has left. */
    @Override
    public void requireRoomFor(int batch, OptimizerConfig optimizer) {
        Runtime rt = Runtime.getRuntime();
        MemoryEstimate.of(spec, batch, optimizer).requireAtMost(rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()),
                "the JVM's heap");
    }

    @Override
    public synchronized void setParamGroups(ParamGroups newGroups) {
        this.groups = newGroups == null || newGroups.isUniform() ? null : newGroups;
        // the pass skips frozen layers' gradients, and a frozen batch norm keeps its running statistics
        pass.setFrozen(groups == null ? new boolean[spec.layers().size()] : groups.frozenLayers(spec));
    }

    @Override
    public synchronized void getParameters(float[] dst) {
        ensureOpen();
        BatchChecks.checkOutputs(spec, "parameter", dst, 1, params.length);
        System.arraycopy(params, 0, dst, 0, params.length);
    }

    @Override
    public synchronized void setState(float[] state) {
        ensureOpen();
        BatchChecks.checkOutputs(spec, "state", state, 1, spec.stateCount());
        System.arraycopy(state, 0, pass.state(), 0, spec.stateCount());
        pass.parametersChanged();
    }

    @Override
    public synchronized void getState(float[] dst) {
        ensureOpen();
        BatchChecks.checkOutputs(spec, "state", dst, 1, spec.stateCount());
        System.arraycopy(pass.state(), 0, dst, 0, spec.stateCount());
    }

    @Override
    public synchronized double trainStep(float[] input, int[] labels, float[] targets, int batch, double learningRate, long seed,
                            float[] outputs) {
        checkLearningRate(learningRate);
        double loss = gradient(input, labels, targets, batch, seed, outputs, grads);
        if (Double.isFinite(loss)) {
            step(grads, learningRate);
        }
        return loss;
    }

    /**
     * The first half of a training step, for data-parallel training where every machine holds a
     * shard of the batch: forward (dropout on, seeded by {@code seed}), loss, and backward into
     * {@code gradients}, which is overwritten with the gradient of the shard's <em>mean</em> loss
     * with respect to the current parameters. The parameters and the optimiser do not change.
     * Writes the outputs into {@code outputs} when it is not null. Returns the shard's mean loss;
     * when it is NaN or infinite, {@code gradients} is left as it was.
     */
    public synchronized double gradient(float[] input, int[] labels, float[] targets, int batch, long seed, float[] outputs,
                           float[] gradients) {
        ensureOpen();
        BatchChecks.checkBatch(spec, batch, 0);
        BatchChecks.checkInput(spec, input, batch);
        BatchChecks.checkLabels(spec, labels, batch);
        BatchChecks.checkTargets(spec, targets, batch);
        BatchChecks.checkOutputs(spec, "gradient", gradients, 1, params.length);
        if (outputs != null) {
            BatchChecks.checkOutputs(spec, "output", outputs, batch, outputSize);
        }
        plan(batch);
        pass.forward(params, input, batch, true, seed);
        double loss = pass.loss(labels, targets, batch);
        if (outputs != null) {
            System.arraycopy(pass.output(), 0, outputs, 0, batch * outputSize);
        }
        if (Double.isFinite(loss)) {
            Arrays.fill(gradients, 0f);
            pass.backward(params, gradients, null, batch);
        }
        return loss;
    }

    /**
     * The second half of a training step: one optimiser update of the parameters from
     * {@code gradients} (a whole batch's mean-loss gradient, e.g. the shards' gradients summed with
     * their image counts as weights), exactly as {@link #trainStep} applies its own.
     */
    public synchronized void applyGradient(float[] gradients, double learningRate) {
        ensureOpen();
        if (gradients == null || gradients.length != params.length) {
            throw new InvalidInputException(spec.simpleName() + " has " + params.length + " parameters, but "
                    + (gradients == null ? "null" : gradients.length + " gradients") + " were given");
        }
        for (int i = 0; i < gradients.length; i++) {
            if (gradients[i] - gradients[i] != 0) {
                throw new InvalidInputException(spec.simpleName() + ": gradient " + i + " is " + gradients[i]
                        + "; a gradient to apply must be finite");
            }
        }
        checkLearningRate(learningRate);
        step(gradients, learningRate);
    }

    /** One optimiser update, skipping frozen ranges and scaling per-tensor rates when groups are set. */
    private void step(float[] gradients, double learningRate) {
        if (groups == null) {
            optimizer.step(params, gradients, learningRate);
        } else {
            optimizer.step(params, gradients, learningRate, groups.ranges());
        }
        pass.parametersChanged();
    }

    private void checkLearningRate(double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new InvalidInputException(spec.simpleName() + ": the learning rate must be finite and not negative, but is "
                    + learningRate);
        }
    }

    @Override
    public synchronized void predict(float[] input, int batch, float[] outputs) {
        ensureOpen();
        BatchChecks.checkBatch(spec, batch, 0);
        BatchChecks.checkInput(spec, input, batch);
        BatchChecks.checkOutputs(spec, "output", outputs, batch, outputSize);
        plan(batch);
        pass.predict(params, input, batch);
        System.arraycopy(pass.output(), 0, outputs, 0, batch * outputSize);
    }

    @Override
    public synchronized void layerOutput(int layerIndex, float[] input, int batch, float[] out) {
        ensureOpen();
        BatchChecks.checkLayer(spec, layerIndex);
        BatchChecks.checkBatch(spec, batch, 0);
        BatchChecks.checkInput(spec, input, batch);
        int size = spec.layers().get(layerIndex).output().intSize();
        BatchChecks.checkOutputs(spec, "layer output", out, batch, size);
        plan(batch);
        pass.forward(params, input, batch, false, 0L);
        System.arraycopy(pass.layerOutput(layerIndex), 0, out, 0, batch * size);
    }

    /** The optimiser steps taken since the parameters were last set. */
    public synchronized long steps() {
        return optimizer.steps();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (pass instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new KilnException("closing the Java pass of " + spec.simpleName() + " failed", e);
                }
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the Java backend of " + spec.simpleName() + " is closed");
        }
    }

    @Override
    public synchronized OptimizerState optimizerState() {
        return optimizer.state();
    }

    @Override
    public synchronized void setOptimizerState(OptimizerState state) {
        optimizer.restore(state);
    }


    @Override
    public synchronized void setOptimizer(OptimizerConfig config) {
        optimizer = new Optimizer(config, spec.parameterCount());
    }

}
