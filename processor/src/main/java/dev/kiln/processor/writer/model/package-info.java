/**
 * Stage three, the model part: writes {@code FooModel} (constants, the {@code SPEC} builder
 * expression and the summary table) from a validated {@link dev.kiln.spec.NetworkSpec} only.
 * Called by the processor; the Java pass and OpenCL writers live beside it.
 */
package dev.kiln.processor.writer.model;
