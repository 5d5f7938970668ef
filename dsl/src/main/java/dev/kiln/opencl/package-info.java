/**
 * The OpenCL launch plan, defined once for the processor, which plans a network's program, and the
 * runtime, which runs it: what a generated {@code FooOpenCl} states ({@link dev.kiln.opencl.OpenClProgram}
 * with its {@link dev.kiln.opencl.OpenClLaunch}es, {@link dev.kiln.opencl.OpenClBuffer}s and typed
 * {@link dev.kiln.opencl.KernelArg}s). Here in the DSL's jar, which every user of generated code has
 * already; the kernel templates themselves are the opencl-kernels module's, which only the processor reads.
 */
package dev.kiln.opencl;
