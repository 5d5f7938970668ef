/**
 * Convolution kernels for the generated Java passes: forward, input gradient and weight gradient of
 * a 2-D convolution (any kernel size, stride, padding on each side, dilation, zero or replicate padding,
 * groups), and depthwise convolution, all on {@code (N, C, H, W)} float arrays.
 *
 * <p>{@link dev.kiln.runtime.java.conv.ConvShape} describes one layer; a
 * {@link dev.kiln.runtime.java.conv.Convolution} is built once per layer from it and holds the
 * precomputed geometry; {@link dev.kiln.runtime.java.conv.ConvWorkspace} is one thread's scratch.
 * Called by generated code and by the Java backend; nothing here allocates after construction.
 *
 * <p>Every Vector API kernel of the runtime uses one float species, {@code FloatVector.SPECIES_PREFERRED}: a second
 * float shape in the same JVM (a half-width vector tried for stride-2 max pooling) made the API's shared templates lose
 * their intrinsics and slowed these tiles 2.3x (FashionCnn predict, measured 2026-12-08).
 */
package dev.kiln.runtime.java.conv;
