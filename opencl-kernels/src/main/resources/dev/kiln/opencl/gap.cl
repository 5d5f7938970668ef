/*
 * GlobalAvgPool2d: the mean of each channel's plane.
 *
 *   in   (N, C, PLANE)
 *   out  (N, C)
 *
 * Gradient policy: input gradients are assigned (=), each the output gradient / PLANE.
 */
#ifndef PREFIX
#define PREFIX gap // kernel names are PREFIX_forward and PREFIX_backward
#endif
#ifndef C
#define C 4 // channels
#endif
#ifndef PLANE
#define PLANE 16 // height x width
#endif

/* Global (N*C): one work item per output. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict in, __global real* restrict out, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * C) {
        return;
    }
    __global const real* plane = in + gid * PLANE;
    real sum = 0;
    for (int s = 0; s < PLANE; s++) {                // each element of the plane
        sum += plane[s];
    }
    out[gid] = sum / (real) PLANE;
}

/* Global (N*C*PLANE): one work item per input element. */
__kernel void KILN_CAT(PREFIX, _backward)(__global const real* restrict dout, __global real* restrict din,
                                          const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * C * PLANE) {
        return;
    }
    din[gid] = dout[gid / PLANE] / (real) PLANE;
}
