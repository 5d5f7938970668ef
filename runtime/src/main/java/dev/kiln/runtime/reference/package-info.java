/**
 * The double-precision reference: naive, obviously correct loops for every layer kind, activation
 * and loss, and a {@link dev.kiln.runtime.Backend} around them. It is the first rung of the
 * verification ladder (the generated Java and OpenCL code are compared against it) and the naive
 * baseline of the throughput benchmark; it is not the product path. Tests and benchmarks call it;
 * generated code never does.
 *
 * <ul>
 *   <li>{@link dev.kiln.runtime.reference.ReferenceNetwork}: forward, loss and gradients in double.</li>
 *   <li>{@link dev.kiln.runtime.reference.ReferenceBackend}: the same as a {@link dev.kiln.runtime.Backend}
 *       with the Java optimiser, the benchmark's naive baseline.</li>
 *   <li>{@link dev.kiln.runtime.reference.ReferenceJavaPass}: the same behind the
 *       {@link dev.kiln.runtime.java.JavaPass} interface, a stand-in for generated code in tests.</li>
 *   <li>{@link dev.kiln.runtime.reference.PassComparison}: rung 4, a generated pass or a backend
 *       against the reference, each element within its {@link dev.kiln.runtime.reference.ErrorBound}.</li>
 *   <li>{@link dev.kiln.runtime.reference.ErrorBound}: the per-element rule
 *       {@code |float - ref| <= C eps scale + tiny}, the error scale computed next to each value
 *       ({@link dev.kiln.runtime.reference.ReferenceNetwork#gradientsWithScales}).</li>
 * </ul>
 *
 * <p>Every loop carries one comment saying what it walks over, so that a reader can check each
 * formula against the layer's definition without running anything.
 */
package dev.kiln.runtime.reference;
