/**
 * Training on any {@link dev.kiln.runtime.Backend}: what a dataset means for the loss
 * ({@link dev.kiln.runtime.train.Task}), the settings ({@link dev.kiln.runtime.train.TrainConfig}), the loop with
 * validation, early stopping, best-model checkpoints and divergence detection
 * ({@link dev.kiln.runtime.train.Trainer}), what it records ({@link dev.kiln.runtime.train.History}), the
 * metrics ({@link dev.kiln.runtime.train.Evaluation}), terminal progress
 * ({@link dev.kiln.runtime.train.ProgressBar}) and layer activations for pictures
 * ({@link dev.kiln.runtime.train.FeatureMaps}).
 *
 * <p>Called by the {@code kiln} tool, samples and tests.
 */
package dev.kiln.runtime.train;
