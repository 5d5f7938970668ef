/** Tests of the OpenCL backend's failure paths, device listing and launch splitting, with hand-written programs. */
package dev.kiln.runtime.opencl;
