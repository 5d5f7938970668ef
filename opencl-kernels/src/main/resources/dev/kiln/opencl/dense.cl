/*
 * Dense: matrix product + bias + activation (forward) and its backward, one layer per copy.
 *
 *   in      (N, IN)               the previous output, flattened channel-major
 *   weight  (UNITS, IN)  at params[W_OFF]   PyTorch's Linear layout
 *   bias    (UNITS)      at params[B_OFF]
 *   out     (N, UNITS)            act(in . weight^T + bias)
 *
 * Gradient policy: `dout` is the gradient with respect to `out`, or with respect to the
 * pre-activation when DOUT_IS_DZ is 1; the activation derivative is taken from `out`.
 * Parameter gradients are assigned (=, one writer per element), input gradients assigned (=).
 */
#ifndef PREFIX
#define PREFIX dense // kernel names are PREFIX_forward, PREFIX_backward_params, PREFIX_backward_input
#endif
#ifndef IN
#define IN 16 // inputs per image
#endif
#ifndef UNITS
#define UNITS 4 // outputs per image
#endif
#ifndef HAS_BIAS
#define HAS_BIAS 1 // 1: add bias[u]
#endif
#ifndef ACT
#define ACT 0 // the activation, a KILN_ACT_ code of the prelude: 0 none, 1 relu, 2 leaky relu, 3 sigmoid, 4 tanh
#endif
#ifndef W_OFF
#define W_OFF 0 // first weight in the flat parameter array
#endif
#ifndef B_OFF
#define B_OFF (W_OFF + UNITS * IN) // first bias in the flat parameter array
#endif
#ifndef DOUT_IS_DZ
#define DOUT_IS_DZ 0 // 1: the incoming gradient is already with respect to the pre-activation
#endif

#define DENSE_WSIZE (UNITS * IN)
#define DENSE_PARAMS (DENSE_WSIZE + (HAS_BIAS ? UNITS : 0))

/* Global (N*UNITS): one work item per output. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict params,
                                         __global const real* restrict in,
                                         __global real* restrict out,
                                         const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * UNITS) {
        return;
    }
    const int u = gid % UNITS;
    __global const real* x = in + (gid / UNITS) * IN;
    __global const real* w = params + W_OFF + u * IN;
    real acc = 0;
    for (int i = 0; i < IN; i++) {                       // input
        acc += w[i] * x[i];
    }
#if HAS_BIAS
    acc += params[B_OFF + u];
#endif
    out[gid] = KILN_ACT(acc);
}

/* Global (UNITS*IN + biases): one work item per parameter, summing over the batch. */
__kernel void KILN_CAT(PREFIX, _backward_params)(__global const real* restrict in,
                                                 __global const real* restrict out,
                                                 __global const real* restrict dout,
                                                 __global real* restrict grads,
                                                 const int batch) {
    const int gid = get_global_id(0);
    if (gid >= DENSE_PARAMS) {
        return;
    }
    real acc = 0;
    if (gid < DENSE_WSIZE) {
        const int i = gid % IN;
        const int u = gid / IN;
        for (int n = 0; n < batch; n++) {                // image
            const size_t o = (size_t) n * UNITS + u;
            acc += KILN_DZ(dout[o], out[o]) * in[(size_t) n * IN + i];
        }
        grads[W_OFF + gid] = acc;
    } else {
        const int u = gid - DENSE_WSIZE;
        for (int n = 0; n < batch; n++) {                // image
            const size_t o = (size_t) n * UNITS + u;
            acc += KILN_DZ(dout[o], out[o]);
        }
        grads[B_OFF + u] = acc;
    }
}

/* Global (N*IN): one work item per input element. */
__kernel void KILN_CAT(PREFIX, _backward_input)(__global const real* restrict params,
                                                __global const real* restrict out,
                                                __global const real* restrict dout,
                                                __global real* restrict din,
                                                const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * IN) {
        return;
    }
    const int i = gid % IN;
    const size_t o = (gid / IN) * UNITS;
    real acc = 0;
    for (int u = 0; u < UNITS; u++) {                    // unit
        acc += params[W_OFF + u * IN + i] * KILN_DZ(dout[o + u], out[o + u]);
    }
    din[gid] = acc;
}

#undef DENSE_WSIZE
#undef DENSE_PARAMS
