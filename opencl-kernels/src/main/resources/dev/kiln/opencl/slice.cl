/*
 * Slice: channels [start, end) of each image, one contiguous run of OUT elements from OFFSET (whole planes one
 * after the other), and its backward.
 *
 *   in    (N, IN)    the input
 *   out   (N, OUT)   in[n, OFFSET .. OFFSET + OUT)
 *
 * Gradient policy: the input gradient is assigned (=): the output's gradient in the run, zero elsewhere.
 */
#ifndef PREFIX
#define PREFIX slice // kernel names are PREFIX_forward and PREFIX_backward
#endif
#ifndef IN
#define IN 16 // input elements per image
#endif
#ifndef OUT
#define OUT 8 // output elements per image
#endif
#ifndef OFFSET
#define OFFSET 4 // where the run starts within an input image
#endif

/* Global (N*OUT): one work item per output element. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict in, __global real* restrict out, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * OUT) {
        return;
    }
    out[gid] = in[(gid / OUT) * IN + OFFSET + gid % OUT];
}

/* Global (N*IN): one work item per input element. */
__kernel void KILN_CAT(PREFIX, _backward)(__global const real* restrict dout, __global real* restrict din, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * IN) {
        return;
    }
    const int e = gid % IN - OFFSET;   // the element's place in the run, if any
    din[gid] = e >= 0 && e < OUT ? dout[(gid / IN) * OUT + e] : (real) 0;
}
