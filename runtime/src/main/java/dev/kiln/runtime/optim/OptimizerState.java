package dev.kiln.runtime.optim;

/**
 * What an optimiser carries from step to step, to save with a run and restore on resume: the
 * updates made so far (Adam's bias corrections depend on it), SGD's momentum buffer or Adam's first
 * moment ({@code first}, null for plain SGD) and Adam's second moment ({@code second}, null for SGD).
 *
 * @param steps  updates made so far
 * @param first  momentum or first moment, one float per parameter; null when the optimiser keeps none
 * @param second second moment, one float per parameter; null when the optimiser keeps none
 */
public record OptimizerState(long steps, float[] first, float[] second) {
}
