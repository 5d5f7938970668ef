/**
 * Stage three of the processor: code writing from a validated {@link dev.kiln.spec.NetworkSpec}
 * only. {@link dev.kiln.processor.writer.GeneratedNames} decides every generated name; the
 * {@code model}, {@code java} and {@code opencl} subpackages each write their part.
 */
package dev.kiln.processor.writer;
