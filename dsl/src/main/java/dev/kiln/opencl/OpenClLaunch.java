package dev.kiln.opencl;

import java.util.List;

/**
 * One kernel launch of a plan.
 *
 * <p>Arguments are typed {@link KernelArg}s: a buffer of {@link OpenClProgram#buffers()}, a
 * per-call scalar, or a constant.
 *
 * @param kernel   the kernel's name in the program
 * @param global   work items per dimension; when {@code perImage} the last dimension is multiplied by the batch size
 * @param perImage whether the work grows with the batch (such launches may be split along the last dimension)
 * @param tiled    whether the kernel uses work-groups along dimension 0: the backend picks the
 *                 work-group size {@code (L, 1, 1)} from the device and kernel limits and rounds
 *                 dimension 0 up to a multiple of {@code L}; the kernel ignores the extra items
 * @param args     arguments in kernel order
 * @param gradientOfLayer the layer (index in the spec) whose parameter gradient this launch computes, or -1: a
 *                 frozen layer's is not launched
 */
public record OpenClLaunch(String kernel, long[] global, boolean perImage, boolean tiled, List<KernelArg> args,
                           int gradientOfLayer) {

    /** A launch that computes no layer's parameter gradient. */
    public OpenClLaunch(String kernel, long[] global, boolean perImage, boolean tiled, List<KernelArg> args) {
        this(kernel, global, perImage, tiled, args, -1);
    }

    public OpenClLaunch {
        if (global.length < 1 || global.length > 3) {
            throw new IllegalArgumentException(kernel + ": an NDRange has 1 to 3 dimensions, not " + global.length);
        }
        global = global.clone();
        args = List.copyOf(args);
    }

    @Override
    public long[] global() {
        return global.clone();
    }

    /** Work items per dimension for {@code batch} images, before any rounding to the work-group size. */
    public long[] global(int batch) {
        long[] g = global.clone();
        if (perImage) {
            g[g.length - 1] = Math.multiplyExact(g[g.length - 1], batch);
        }
        return g;
    }
}
