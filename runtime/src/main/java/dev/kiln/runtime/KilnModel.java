package dev.kiln.runtime;

import dev.kiln.opencl.OpenClProgram;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.NetworkSpec;

/**
 * What Kiln's processor generates for a {@code @Network} class {@code Foo}: the final class
 * {@code FooModel}, registered under {@code META-INF/services/dev.kiln.runtime.KilnModel} so that
 * {@link Models} finds it by the spec's simple or qualified name. In code, {@code FooModel.create()} (or
 * {@code new FooModel()}) gives it typed, without a lookup by name.
 */
public interface KilnModel {

    /** The validated network: layers, shapes, parameter layout. */
    NetworkSpec spec();

    /**
     * The Keras-style summary table with its closing totals: per layer its output shape, parameters,
     * multiplies and receptive field ({@link NetworkSpec#receptiveField(int)}: the standard recurrence, the
     * span of every position for flatten, dense and global pooling, the largest over merged branches,
     * clipped to the input's size). Columns are aligned by display width, so wide (CJK) names line up.
     */
    String summary();

    /** A new instance of the generated fused Java forward/backward code. */
    JavaPass newJavaPass();

    /**
     * A new instance of the generated Java code that splits batches over {@code pool} instead of the
     * shared one; {@code new WorkerPool(1)} runs it on the calling thread only (one Spark task per core).
     */
    JavaPass newJavaPass(WorkerPool pool);

    /**
     * The generated OpenCL program: the specialised source (also written beside the class as
     * {@code FooModel.cl}) and the launch plan for forward, backward and the optimiser step.
     */
    OpenClProgram openCl();

    /**
     * This network on a backend, e.g. {@code LeNet5Model.create().open(BackendChoice.AUTO)}: the typed
     * way to {@link Backends#open(KilnModel, BackendChoice)}. Close it when done.
     */
    default Backend open(BackendChoice choice) {
        return Backends.open(this, choice);
    }
}
