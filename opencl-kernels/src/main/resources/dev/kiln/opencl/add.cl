/*
 * Add: the element-wise sum of two or more tensors of one shape, then the activation.
 *
 *   a, b  (N, SIZE)   two addends (a third and later addend: partial sums into out first)
 *   out   (N, SIZE)   act(a + b)
 *
 * Forward of k inputs is k - 1 launches: _partial (out = a + b, no activation) for all but the
 * last addend, then _forward (out = act(out + last)). Backward is one _backward_input launch per
 * input, each folding the activation derivative: din = act'(dout) (assigned).
 */
#ifndef PREFIX
#define PREFIX add // kernel names are PREFIX_forward, PREFIX_partial and PREFIX_backward_input
#endif
#ifndef SIZE
#define SIZE 16 // elements per image
#endif
#ifndef ACT
#define ACT 0 // the activation, a KILN_ACT_ code of the prelude: 0 none, 1 relu, 2 leaky relu, 3 sigmoid, 4 tanh
#endif
#ifndef DOUT_IS_DZ
#define DOUT_IS_DZ 0 // 1: the incoming gradient is already with respect to the pre-activation (the loss applied act')
#endif

/* Global (N*SIZE): one work item per element. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* a, __global const real* b, __global real* out,
                                         const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * SIZE) {
        return;
    }
    out[gid] = KILN_ACT(a[gid] + b[gid]);
}

/* Global (N*SIZE): a partial sum, without the activation. */
__kernel void KILN_CAT(PREFIX, _partial)(__global const real* a, __global const real* b, __global real* out,
                                         const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * SIZE) {
        return;
    }
    out[gid] = a[gid] + b[gid];
}

/* Global (N*SIZE): one input's gradient. */
__kernel void KILN_CAT(PREFIX, _backward_input)(__global const real* restrict out, __global const real* restrict dout,
                                                __global real* restrict din, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * SIZE) {
        return;
    }
    din[gid] = KILN_DZ(dout[gid], out[gid]);
}
