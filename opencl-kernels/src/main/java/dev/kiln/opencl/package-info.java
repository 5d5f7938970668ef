/**
 * The OpenCL contract between the processor and the runtime, defined once: the launch plan a
 * generated {@code FooOpenCl} states ({@link dev.kiln.opencl.OpenClProgram} with its
 * {@link dev.kiln.opencl.OpenClLaunch}es, {@link dev.kiln.opencl.OpenClBuffer}s and typed
 * {@link dev.kiln.opencl.KernelArg}s), which the processor's planner builds and the runtime's OpenCL
 * backend runs, and the kernel templates with their prelude ({@link dev.kiln.opencl.KernelSources}).
 */
package dev.kiln.opencl;
