/*
 * ChannelShuffle: the C channels as GROUPS groups of C / GROUPS, transposed (PyTorch's view, transpose(1, 2),
 * reshape): output channel j holds input channel (j % GROUPS) * (C / GROUPS) + j / GROUPS. Backward moves each
 * plane's gradient back.
 *
 *   in, out  (N, C, PLANE)
 *
 * Gradient policy: the input gradient is assigned (=).
 */
#ifndef PREFIX
#define PREFIX shuffle // kernel names are PREFIX_forward and PREFIX_backward
#endif
#ifndef C
#define C 6 // channels
#endif
#ifndef PLANE
#define PLANE 4 // positions per channel
#endif
#ifndef GROUPS
#define GROUPS 2 // groups; divides C
#endif

/* Global (N*C*PLANE): one work item per output element reads its source. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict in, __global real* restrict out, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * (C * PLANE)) {
        return;
    }
    const int j = (gid / PLANE) % C;
    const int source = (j % GROUPS) * (C / GROUPS) + j / GROUPS;
    out[gid] = in[(gid / (C * PLANE)) * (C * PLANE) + source * PLANE + gid % PLANE];
}

/* Global (N*C*PLANE): one work item per input element reads the gradient of the output that holds it. */
__kernel void KILN_CAT(PREFIX, _backward)(__global const real* restrict dout, __global real* restrict din, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * (C * PLANE)) {
        return;
    }
    const int i = (gid / PLANE) % C;                                     // input channel (i / (C/G), i % (C/G)) in the view
    const int target = (i % (C / GROUPS)) * GROUPS + i / (C / GROUPS);   // the output channel holding it
    din[gid] = dout[(gid / (C * PLANE)) * (C * PLANE) + target * PLANE + gid % PLANE];
}
