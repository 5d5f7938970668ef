/**
 * Optimisers over flat float arrays ({@link dev.kiln.runtime.optim.Optimizer}: SGD with momentum,
 * Nesterov and weight decay, and Adam, with PyTorch's semantics), their configuration
 * ({@link dev.kiln.runtime.optim.OptimizerConfig}) and learning-rate schedules
 * ({@link dev.kiln.runtime.optim.LearningRateSchedule}). Backends own an optimiser; the trainer picks the rate
 * of each step from a schedule. The OpenCL backend's update kernels follow the same formulas.
 */
package dev.kiln.runtime.optim;
