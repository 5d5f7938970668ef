package dev.kiln.processor.opencl;

import static org.jocl.CL.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.processor.writer.opencl.KernelSources;
import dev.kiln.spec.Dropouts;
import java.io.IOException;
import java.util.SplittableRandom;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.junit.jupiter.api.Test;

/**
 * dropout.cl's hash and mask equal {@link Dropouts} bit for bit on many random (seed, layer,
 * element), so both backends drop the same elements. Runs the template itself with a probe kernel.
 */
class DropoutHashTest {
    private static final int COUNT = 200_000;
    private static final double RATE = 0.37;

    private static final String PROBE = """
            __kernel void probe(__global const uint* seedLo, __global const uint* seedHi, __global const uint* layer,
                                __global const uint* element, __global uint* hash, __global int* dropped) {
                const int i = get_global_id(0);
                hash[i] = dropout_hash(seedLo[i], seedHi[i], layer[i], element[i]);
                dropped[i] = dropout_dropped(seedLo[i], seedHi[i], element[i]) ? 1 : 0;
            }
            """;

    @Test
    void hashAndMaskEqualTheJavaOnes() throws IOException {
        OpenClTestSupport.requireOpenCl();
        int threshold = Dropouts.threshold(RATE);
        String source = KernelSources.prelude() + "#define LAYER 5u\n#define THRESHOLD " + threshold + "u\n"
                + KernelSources.text("dropout") + PROBE;

        SplittableRandom r = new SplittableRandom(42);
        int[] seedLo = new int[COUNT], seedHi = new int[COUNT], layer = new int[COUNT], element = new int[COUNT];
        long[] seeds = new long[COUNT];
        for (int i = 0; i < COUNT; i++) {
            seeds[i] = i < 16 ? i - 8 : r.nextLong(); // small seeds, negatives among them, then random ones
            seedLo[i] = (int) seeds[i];
            seedHi[i] = (int) (seeds[i] >>> 32);
            layer[i] = i % 7 == 0 ? 5 : r.nextInt(1 << 16);
            element[i] = i % 3 == 0 ? i : r.nextInt(Integer.MAX_VALUE);
        }
        int[] hash = new int[COUNT];
        int[] dropped = new int[COUNT];
        run(source, new int[][] {seedLo, seedHi, layer, element}, hash, dropped);
        int drops = 0;
        for (int i = 0; i < COUNT; i++) {
            assertEquals(Dropouts.hash(seeds[i], layer[i], element[i]), hash[i],
                    "hash of seed " + seeds[i] + ", layer " + layer[i] + ", element " + element[i]);
            assertEquals(Dropouts.dropped(seeds[i], 5, element[i], RATE), dropped[i] == 1,
                    "mask of seed " + seeds[i] + ", layer 5, element " + element[i]);
            drops += dropped[i];
        }
        // the mask is not trivially constant: about RATE of the elements drop
        assertEquals(RATE, drops / (double) COUNT, 0.01);
    }

    private static void run(String source, int[][] inputs, int[] hash, int[] dropped) {
        CL.setExceptionsEnabled(true);
        cl_platform_id[] platform = new cl_platform_id[1];
        clGetPlatformIDs(1, platform, null);
        cl_device_id[] device = new cl_device_id[1];
        clGetDeviceIDs(platform[0], CL_DEVICE_TYPE_ALL, 1, device, null);
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, platform[0]);
        cl_context context = clCreateContext(props, 1, device, null, null, null);
        cl_mem[] mems = new cl_mem[inputs.length + 2];
        cl_command_queue queue = null;
        cl_program program = null;
        cl_kernel kernel = null;
        try {
            @SuppressWarnings("deprecation")
            cl_command_queue q = clCreateCommandQueue(context, device[0], 0, null);
            queue = q;
            program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
            clBuildProgram(program, 0, null, null, null, null);
            kernel = clCreateKernel(program, "probe", null);
            long bytes = (long) COUNT * Sizeof.cl_int;
            for (int i = 0; i < inputs.length; i++) {
                mems[i] = clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes, Pointer.to(inputs[i]), null);
            }
            mems[inputs.length] = clCreateBuffer(context, CL_MEM_WRITE_ONLY, bytes, null, null);
            mems[inputs.length + 1] = clCreateBuffer(context, CL_MEM_WRITE_ONLY, bytes, null, null);
            for (int i = 0; i < mems.length; i++) {
                clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(mems[i]));
            }
            clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {COUNT}, null, 0, null, null);
            clEnqueueReadBuffer(queue, mems[inputs.length], CL_TRUE, 0, bytes, Pointer.to(hash), 0, null, null);
            clEnqueueReadBuffer(queue, mems[inputs.length + 1], CL_TRUE, 0, bytes, Pointer.to(dropped), 0, null, null);
        } finally {
            for (cl_mem m : mems) {
                if (m != null) {
                    clReleaseMemObject(m);
                }
            }
            if (kernel != null) {
                clReleaseKernel(kernel);
            }
            if (program != null) {
                clReleaseProgram(program);
            }
            if (queue != null) {
                clReleaseCommandQueue(queue);
            }
            clReleaseContext(context);
        }
    }
}
