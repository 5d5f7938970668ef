package dev.kiln.runtime.opencl;

import static org.jocl.CL.*;

import dev.kiln.runtime.KilnException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jocl.CLException;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * Owns every OpenCL object one backend creates and releases them, newest first, in
 * {@link #close()}. It also counts, per kind and across the JVM, the objects created here and
 * not yet released, which is how tests prove that nothing leaks.
 */
public final class ClArena implements AutoCloseable {

    /** The kinds of OpenCL object an arena owns. */
    public enum Kind { CONTEXT, QUEUE, PROGRAM, KERNEL, MEM }

    private static final Map<Kind, AtomicInteger> LIVE = new EnumMap<>(Kind.class);

    static {
        for (Kind k : Kind.values()) {
            LIVE.put(k, new AtomicInteger());
        }
    }

    private record Owned(Kind kind, Object handle) {
    }

    private final Deque<Owned> owned = new ArrayDeque<>();
    private boolean closed;

    /** Objects created by any arena and not yet released, per kind. */
    public static Map<Kind, Integer> live() {
        Map<Kind, Integer> m = new EnumMap<>(Kind.class);
        LIVE.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    cl_context context(OpenClDevice device) {
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, device.platformId);
        return own(Kind.CONTEXT, clCreateContext(props, 1, new org.jocl.cl_device_id[] {device.deviceId}, null, null, null));
    }

    @SuppressWarnings("deprecation") // clCreateCommandQueue is the call every OpenCL version (1.2 to 3.0) has
    cl_command_queue queue(cl_context context, OpenClDevice device, boolean profiling) {
        return own(Kind.QUEUE, clCreateCommandQueue(context, device.deviceId, profiling ? CL_QUEUE_PROFILING_ENABLE : 0, null));
    }

    cl_program program(cl_program program) {
        return own(Kind.PROGRAM, program);
    }

    cl_kernel kernel(cl_program program, String name) {
        return own(Kind.KERNEL, clCreateKernel(program, name, null));
    }

    /** Allocates {@code bytes} for buffer {@code name}; a failure names the buffer, its size and the device's limits. */
    DeviceBuffer buffer(cl_context context, OpenClDevice device, String name, long bytes) {
        if (bytes > device.maxAllocationBytes()) {
            throw new KilnException("opencl: buffer " + name + " needs " + bytes + " bytes, but " + device.name()
                    + " allows at most " + device.maxAllocationBytes() + " bytes per buffer; use a smaller batch");
        }
        cl_mem mem;
        try {
            mem = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        } catch (CLException e) {
            throw new KilnException("opencl: could not allocate buffer " + name + " of " + bytes + " bytes on "
                    + device.name() + " (" + e.getMessage() + "); use a smaller batch", e);
        }
        return new DeviceBuffer(name, bytes, own(Kind.MEM, mem));
    }

    /** Releases one buffer now (when buffers are re-planned for a larger batch). */
    void release(DeviceBuffer buffer) {
        for (var it = owned.iterator(); it.hasNext(); ) {
            Owned o = it.next();
            if (o.handle == buffer.mem()) {
                it.remove();
                free(o);
                return;
            }
        }
        throw new IllegalStateException("buffer " + buffer + " is not owned by this arena");
    }

    private <T> T own(Kind kind, T handle) {
        if (closed) {
            throw new IllegalStateException("arena is closed");
        }
        owned.push(new Owned(kind, handle));
        LIVE.get(kind).incrementAndGet();
        return handle;
    }

    private static void free(Owned o) {
        try {
            switch (o.kind) {
                case MEM -> clReleaseMemObject((cl_mem) o.handle);
                case KERNEL -> clReleaseKernel((cl_kernel) o.handle);
                case PROGRAM -> clReleaseProgram((cl_program) o.handle);
                case QUEUE -> clReleaseCommandQueue((cl_command_queue) o.handle);
                case CONTEXT -> clReleaseContext((cl_context) o.handle);
            }
        } finally {
            LIVE.get(o.kind).decrementAndGet();
        }
    }

    /** Releases everything, newest first; every release is attempted even if one fails. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        while (!owned.isEmpty()) {
            try {
                free(owned.pop());
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
