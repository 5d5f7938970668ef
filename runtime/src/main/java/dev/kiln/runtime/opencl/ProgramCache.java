package dev.kiln.runtime.opencl;

import static org.jocl.CL.*;

import dev.kiln.runtime.KilnException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * Builds programs, caching the compiled binary per (device, source hash, options): a backend
 * for a network and device already opened twice loads the binary instead of compiling again
 * (PoCL takes seconds per program). The cache holds bytes only, never OpenCL objects, so closing
 * a backend still releases everything it created.
 *
 * <p>The binary is fetched on a key's second build from source, not its first: asking PoCL for a
 * program's binary compiles every kernel once more, for any work-group size (measured on PoCL 3.1:
 * 1 to 2.7 s of CPU for a 6 to 11 layer network, more than building the program), and a network
 * opened once, as most are (a training run, a test), would pay that for nothing.
 */
final class ProgramCache {
    private static final Map<String, byte[]> BINARIES = new ConcurrentHashMap<>();
    private static final AtomicInteger SOURCE_BUILDS = new AtomicInteger();
    /** Keys built from source at least once in this JVM. */
    private static final Set<String> BUILT = ConcurrentHashMap.newKeySet();

    private ProgramCache() {
    }

    /** Builds from source so far in this JVM (tests check that the cache is used). */
    static int sourceBuilds() {
        return SOURCE_BUILDS.get();
    }

    /** A built program owned by {@code arena}; a failed build throws a KilnException with the log. */
    static cl_program build(ClArena arena, cl_context context, OpenClDevice device, String programName, String source,
                            String options) {
        String key = device.name() + "|" + device.platform() + "|" + device.version() + "|" + sha256(source) + "|" + options;
        cl_device_id[] devices = {device.deviceId};
        byte[] binary = BINARIES.get(key);
        if (binary != null) {
            try {
                cl_program p = arena.program(clCreateProgramWithBinary(context, 1, devices, new long[] {binary.length},
                        new byte[][] {binary}, null, null));
                clBuildProgram(p, 1, devices, options, null, null);
                return p;
            } catch (CLException e) {
                BINARIES.remove(key); // a stale binary: build from source below
            }
        }
        cl_program p = arena.program(clCreateProgramWithSource(context, 1, new String[] {source}, null, null));
        SOURCE_BUILDS.incrementAndGet();
        try {
            clBuildProgram(p, 1, devices, options, null, null);
        } catch (CLException e) {
            throw new KilnException("opencl: building program " + programName + " for " + device.name() + " ("
                    + device.platform() + ") with options '" + options + "' failed: " + e.getMessage()
                    + "\nbuild log (kernel names are <layer>_forward, <layer>_backward_*):\n" + buildLog(p, device), e);
        }
        if (!BUILT.add(key)) { // the second build of this key: from now on, load its binary
            byte[] built = binary(p);
            if (built != null) {
                BINARIES.put(key, built);
            }
        }
        return p;
    }

    private static String buildLog(cl_program program, OpenClDevice device) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(program, device.deviceId, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            clGetProgramBuildInfo(program, device.deviceId, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            return OpenClDevices.cString(log);
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    private static byte[] binary(cl_program program) {
        try {
            long[] size = new long[1];
            clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null);
            if (size[0] <= 0) {
                return null;
            }
            byte[] bytes = new byte[(int) size[0]];
            clGetProgramInfo(program, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(Pointer.to(bytes)), null);
            return bytes;
        } catch (CLException e) {
            return null; // a driver without binaries: every backend builds from source
        }
    }

    private static String sha256(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
