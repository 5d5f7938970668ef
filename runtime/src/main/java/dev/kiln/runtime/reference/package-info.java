/**
 * The double-precision reference: naive, obviously correct loops for every layer kind, activation
 * and loss, and a {@link dev.kiln.runtime.Backend} around them. It is the first rung of the
 * verification ladder (the generated Java and OpenCL code are compared against it) and the naive
 * baseline of the throughput benchmark; it is not the product path. Tests, benchmarks and
 * {@code --backend reference}-style tools may call it; generated code never does.
 *
 * <p>Every loop carries one comment saying what it walks over, so that a reader can check each
 * formula against the layer's definition without running anything.
 */
package dev.kiln.runtime.reference;
