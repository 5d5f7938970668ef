/**
 * The OpenCL backend: runs the program the processor generated for a network ({@link
 * dev.kiln.opencl.OpenClProgram}, its launch plan and buffers) on one device through JOCL.
 * {@link dev.kiln.runtime.opencl.OpenClDevices} lists and picks devices, {@link
 * dev.kiln.runtime.opencl.ClArena} owns and counts every OpenCL object, and {@code ProgramCache}
 * keeps compiled binaries per (device, source hash, options). Callers outside this package use
 * {@link dev.kiln.runtime.opencl.OpenClBackend#open} (through {@code Backends}) and {@link
 * dev.kiln.runtime.opencl.OpenClDevices#list()}.
 */
package dev.kiln.runtime.opencl;
