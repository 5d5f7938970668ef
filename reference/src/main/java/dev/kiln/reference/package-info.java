/**
 * The double-precision reference: naive, obviously correct loops for every op kind, activation and
 * loss, and what tests need around it. It is the first rung of the verification ladder (the
 * generated Java and OpenCL code are compared against it) and the naive baseline of the throughput
 * benchmark; it is test support, not the product path, and ships in no runtime jar. It depends on the
 * DSL's op graph only, so that every module's tests can use it (the runtime's included).
 *
 * <ul>
 *   <li>{@link dev.kiln.reference.ReferenceNetwork}: forward, loss and gradients in double, running
 *       the ops in the order of the network's schedule. Each kind has one class
 *       ({@code ReferenceConv}, {@code ReferenceMaxPool}, ..., {@code ReferenceAugment}) behind one
 *       interface, {@code ReferenceLayer}, picked by one visitor, {@code ReferenceKinds}: a new kind is a
 *       compile error there until it has its reference.</li>
 *   <li>{@link dev.kiln.reference.ErrorBound}: the per-element rule {@code |float - ref| <= C eps scale + tiny},
 *       the error scale computed next to each value
 *       ({@link dev.kiln.reference.ReferenceNetwork#gradientsWithScales}).</li>
 *   <li>{@link dev.kiln.reference.RandomGraphs} and {@link dev.kiln.reference.RandomNetworks}: random valid
 *       networks over the whole grammar, and {@link dev.kiln.reference.GrammarCoverage} counting what a set
 *       of them covers.</li>
 * </ul>
 * The runtime's tests put the reference behind the runtime's interfaces ({@code ReferenceBackend},
 * {@code ReferenceJavaPass}, {@code PassComparison} in the runtime's test jar).
 *
 * <p>Every loop carries one comment saying what it walks over, so that a reader can check each
 * formula against the layer's definition without running anything.
 */
package dev.kiln.reference;
