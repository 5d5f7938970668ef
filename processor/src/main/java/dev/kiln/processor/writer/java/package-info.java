/**
 * Writes {@code FooJavaPass}: the fused, shape-specialised forward and backward code of a validated
 * {@link dev.kiln.spec.NetworkSpec}. {@link dev.kiln.processor.writer.java.JavaPassWriter} assembles
 * the class; one file per layer kind writes that kind's forward and backward methods side by side.
 * Called by the processor's generation step and by the javagen tests.
 */
package dev.kiln.processor.writer.java;
