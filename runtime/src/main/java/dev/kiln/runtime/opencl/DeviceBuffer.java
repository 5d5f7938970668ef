package dev.kiln.runtime.opencl;

import static org.jocl.CL.CL_MEM_REFERENCE_COUNT;
import static org.jocl.CL.clGetMemObjectInfo;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_mem;

/**
 * A named device buffer. JOCL's {@code cl_mem} is not {@code AutoCloseable}: the {@link ClArena}
 * that allocated a buffer owns it and releases it, so callers never release one themselves.
 */
public final class DeviceBuffer {
    private final String name;
    private final long bytes;
    private final cl_mem mem;

    DeviceBuffer(String name, long bytes, cl_mem mem) {
        this.name = name;
        this.bytes = bytes;
        this.mem = mem;
    }

    public String name() {
        return name;
    }

    public long bytes() {
        return bytes;
    }

    cl_mem mem() {
        return mem;
    }

    /** The driver's reference count (CL_MEM_REFERENCE_COUNT); 1 while only the arena holds it. */
    int referenceCount() {
        int[] count = new int[1];
        clGetMemObjectInfo(mem, CL_MEM_REFERENCE_COUNT, Sizeof.cl_uint, Pointer.to(count), null);
        return count[0];
    }

    @Override
    public String toString() {
        return name + " (" + bytes + " bytes)";
    }
}
