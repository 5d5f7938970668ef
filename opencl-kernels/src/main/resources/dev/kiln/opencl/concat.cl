/*
 * Concat: per image, the inputs' elements one after the other (images joined along channels,
 * channel-major, or vectors end to end). One launch per input in each direction.
 *
 *   part    (N, PART)    one input, PART elements per image
 *   out     (N, SIZE)    the concatenation; this input starts at OFFSET within an image
 *
 * Gradient policy: each input's gradient is assigned (=) from its slice of the output's.
 */
#ifndef PREFIX
#define PREFIX concat // kernel names are PREFIX_forward and PREFIX_backward
#endif
#ifndef SIZE
#define SIZE 16 // output elements per image
#endif

/* Global (N*part): copies one input into its slice of the output. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict in, __global real* restrict out,
                                         const int part, const int offset, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * part) {
        return;
    }
    const size_t n = gid / part;
    out[n * SIZE + offset + gid % part] = in[gid];
}

/* Global (N*part): one input's gradient, its slice of the output's. */
__kernel void KILN_CAT(PREFIX, _backward)(__global const real* restrict dout, __global real* restrict din,
                                          const int part, const int offset, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * part) {
        return;
    }
    const size_t n = gid / part;
    din[gid] = dout[n * SIZE + offset + gid % part];
}
