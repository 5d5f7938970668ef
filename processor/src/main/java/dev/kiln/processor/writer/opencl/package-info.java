/**
 * The OpenCL writer: plans one specialised program per network from the kernel templates of the
 * opencl-kernels module ({@code dev/kiln/opencl/*.cl}) and writes {@code FooOpenCl}, its source
 * and launch plan. Only the processor's front calls in, through {@link
 * dev.kiln.processor.writer.opencl.OpenClWriter}.
 */
package dev.kiln.processor.writer.opencl;
