/**
 * Graph rewrites: passes that take a network's op graph and give another, with the parameter transform
 * that makes the new one compute what the old one did ({@link dev.kiln.spec.rewrite.Rewrite}). Batch-norm
 * folding for inference ({@link dev.kiln.spec.rewrite.FoldBatchNorm}, which also fuses the norm's
 * activation into the folded layer) is the one there is; {@link dev.kiln.spec.rewrite.InferencePasses}
 * says which passes inference runs. The generated Java pass, the OpenCL program's predict plan and the
 * ONNX export all run the rewritten graph; the double-precision reference runs the original, and the
 * tests compare the two.
 */
package dev.kiln.spec.rewrite;
