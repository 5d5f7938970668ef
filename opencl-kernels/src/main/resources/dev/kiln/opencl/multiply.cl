/*
 * Multiply: the element-wise product of two tensors, one of them maybe per channel (squeeze-and-excitation's
 * x * gate), and its backward.
 *
 *   a, b  (N, SIZE), or (N, C) for a per-channel operand (A_GATE, B_GATE): read at channel e / PLANE
 *   out   (N, SIZE)     a * b, SIZE = C * PLANE
 *
 * Backward: a full operand's gradient is dout times the other operand (_backward, one work item per element);
 * a per-channel operand's is the plane's sum of dout times the other (_backward_sums, one work item per
 * channel of an image). Gradient policy: input gradients are assigned (=).
 */
#ifndef PREFIX
#define PREFIX multiply // kernel names are PREFIX_forward, PREFIX_backward and PREFIX_backward_sums
#endif
#ifndef C
#define C 4 // channels of the output
#endif
#ifndef PLANE
#define PLANE 4 // positions per channel of the output
#endif
#ifndef A_GATE
#define A_GATE 0 // 1: the first operand has one value per channel
#endif
#ifndef B_GATE
#define B_GATE 0 // 1: the second operand has one value per channel
#endif

#define MUL_SIZE (C * PLANE)
/* Where an operand is read for output element gid of the batch: per channel, or element by element. */
#define MUL_AT(gate, gid) ((gate) ? (gid) / PLANE : (gid))

/* Global (N*SIZE): one work item per output element. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict a, __global const real* restrict b,
                                         __global real* restrict out, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * MUL_SIZE) {
        return;
    }
    out[gid] = a[MUL_AT(A_GATE, gid)] * b[MUL_AT(B_GATE, gid)];
}

/*
 * Global (N*SIZE): a full operand's gradient, dout times the other operand (read per channel when
 * OTHER_GATE is 1).
 */
__kernel void KILN_CAT(PREFIX, _backward)(__global const real* restrict other, __global const real* restrict dout,
                                          __global real* restrict din, const int otherGate, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * MUL_SIZE) {
        return;
    }
    din[gid] = dout[gid] * other[MUL_AT(otherGate, gid)];
}

/* Global (N*C): a per-channel operand's gradient, the sum over its plane of dout times the (full) other. */
__kernel void KILN_CAT(PREFIX, _backward_sums)(__global const real* restrict other, __global const real* restrict dout,
                                               __global real* restrict din, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * C) {
        return;
    }
    const size_t base = gid * PLANE;
    real sum = 0;
    for (int p = 0; p < PLANE; p++) {   // position in the plane
        sum += dout[base + p] * other[base + p];
    }
    din[gid] = sum;
}

#undef MUL_SIZE
#undef MUL_AT
