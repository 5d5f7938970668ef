/**
 * Tests of the generated OpenCL programs on a real device (PoCL in CI): parity with the double
 * reference, launch counts, the dropout hash, resource lifecycle, and the LeNet-5 benchmark.
 */
package dev.kiln.processor.opencl;
