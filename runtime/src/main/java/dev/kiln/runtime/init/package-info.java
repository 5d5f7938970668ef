/**
 * Seeded, reproducible parameter initialisation ({@link dev.kiln.runtime.init.Initializers}): every
 * backend starts from the same array for the same seed, so a training run on the Java backend
 * repeats exactly. Called by backends and the trainer.
 */
package dev.kiln.runtime.init;
