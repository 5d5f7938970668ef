/**
 * The immutable, validated network model shared by the processor (which builds it while checking
 * a spec) and the runtime (which the generated model hands the same description). Pure data and
 * shape arithmetic; no dependencies beyond the DSL's enums. Anyone may read it; only the processor
 * and the generated {@code FooModel} build it.
 *
 * <h2>The op graph</h2>
 * A {@link dev.kiln.spec.NetworkSpec} is a graph of typed {@link dev.kiln.spec.Op}s in topological
 * order: one record per layer kind ({@link dev.kiln.spec.Conv2dOp}, {@link dev.kiln.spec.MaxPool2dOp},
 * {@link dev.kiln.spec.AvgPool2dOp}, {@link dev.kiln.spec.FlattenOp}, {@link dev.kiln.spec.DenseOp},
 * {@link dev.kiln.spec.DropoutOp}, {@link dev.kiln.spec.AddOp}, {@link dev.kiln.spec.ConcatOp},
 * {@link dev.kiln.spec.BatchNormOp}, {@link dev.kiln.spec.GlobalAvgPool2dOp}, and {@link dev.kiln.spec.AugmentOp} for the five augmentation
 * kinds, whose transforms {@link dev.kiln.spec.Augment} describes), each naming the
 * tensors it reads ({@code inputs()}, a layer's name or {@code "input"}) and the shape it writes
 * under its own name. A field-order spec is a chain: each op reads the one before.
 * {@link dev.kiln.spec.NetworkSpec#params()} lays the trainable tensors out in one flat array and
 * {@link dev.kiln.spec.NetworkSpec#state()} the running statistics in another, with PyTorch's names.
 *
 * <h2>The schedule</h2>
 * {@link dev.kiln.spec.Schedule#of} derives, once, what every backend follows: step order, which
 * reads accumulate gradients (fan-out), the gradient buffers with their reuse, and the sync points
 * where the whole batch must be seen (batch norm in training).
 *
 * <h2>Adding a layer kind</h2>
 * Add a record implementing {@link dev.kiln.spec.Op} (or {@link dev.kiln.spec.UnaryOp}) with its
 * output shape, parameters and multiplies, add it to the {@code permits} clause and a method to
 * {@link dev.kiln.spec.Op.Visitor}; the compiler then lists every place it must be supported: the
 * processor's rule (validation), its Java code, its OpenCL plan, the reference and the summary.
 * {@link dev.kiln.spec.LossCompatibility} is the one rule for which last layer each loss needs.
 */
package dev.kiln.spec;
