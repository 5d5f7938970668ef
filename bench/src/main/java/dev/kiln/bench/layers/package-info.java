/**
 * One-layer networks with the shapes of each conv and dense layer of the samples, so that the
 * harness can time every layer on its own through the generated code (the processor generates a
 * {@code FooModel} for each, exactly as for the samples). Conv layers use mean squared error
 * against zero targets (cheap elementwise loss); dense layers read their input through a flatten
 * of a {@code (units, 1, 1)} image, which is a copy-free reshape. Only {@link dev.kiln.bench.LayerBench} uses them.
 */
package dev.kiln.bench.layers;
