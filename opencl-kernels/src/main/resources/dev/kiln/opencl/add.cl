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
#ifndef KILN_CAT
#define KILN_CAT_(a, b) a##b
#define KILN_CAT(a, b) KILN_CAT_(a, b)
#endif
#ifndef KILN_REAL_TYPEDEF
#define KILN_REAL_TYPEDEF
typedef float real;
#endif

#ifndef PREFIX
#define PREFIX add // kernel names are PREFIX_forward, PREFIX_partial and PREFIX_backward_input
#endif
#ifndef SIZE
#define SIZE 16 // elements per image
#endif
#ifndef ACT
#define ACT 0 // 0 none, 1 relu, 2 leaky relu (0.01), 3 sigmoid, 4 tanh
#endif
#ifndef DOUT_IS_DZ
#define DOUT_IS_DZ 0 // 1: the incoming gradient is already with respect to the pre-activation (the loss applied act')
#endif

inline real KILN_CAT(PREFIX, _act)(real x) {
#if ACT == 1
    return x > 0 ? x : (real) 0;
#elif ACT == 2
    return x > 0 ? x : (real) 0.01f * x;
#elif ACT == 3
    return (real) 1 / ((real) 1 + exp(-x));
#elif ACT == 4
    return tanh(x);
#else
    return x;
#endif
}

/* The gradient with respect to the pre-activation, from the output y and its gradient g. */
inline real KILN_CAT(PREFIX, _dz)(real g, real y) {
#if DOUT_IS_DZ || ACT == 0
    return g;
#elif ACT == 1
    return y > 0 ? g : (real) 0;
#elif ACT == 2
    return y > 0 ? g : (real) 0.01f * g;
#elif ACT == 3
    return g * y * ((real) 1 - y);
#else
    return g * ((real) 1 - y * y);
#endif
}

/* Global (N*SIZE): one work item per element. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* a, __global const real* b, __global real* out,
                                         const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * SIZE) {
        return;
    }
    out[gid] = KILN_CAT(PREFIX, _act)(a[gid] + b[gid]);
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
    din[gid] = KILN_CAT(PREFIX, _dz)(dout[gid], out[gid]);
}
