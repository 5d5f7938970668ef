/**
 * Issue 7's property-based fuzz of the processor: random specs, an independent validity oracle,
 * and batched compile-testing runs. {@code -Dkiln.fuzz=N} sets the number of specs (10,000 by
 * default), {@code -Dkiln.fuzz.seed=S} the seed,
 * and {@code -Dkiln.fuzz.verbose=true} prints the time of each javac batch.
 */
package dev.kiln.processor.fuzz;
