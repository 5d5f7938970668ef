/*
 * Gradient accumulation at fan-out: a tensor read by several layers gets the sum of their
 * gradients. A reader whose backward kernel assigns (=) writes into a part buffer, which this
 * kernel adds (+=) into the tensor's gradient. _copy assigns instead, for a flatten's gradient.
 *
 *   part  (N, SIZE)   one reader's gradient
 *   grad  (N, SIZE)   the tensor's gradient so far
 */
#ifndef PREFIX
#define PREFIX accumulate // kernel names are PREFIX_add and PREFIX_copy
#endif
#ifndef SIZE
#define SIZE 16 // elements per image
#endif

/* Global (N*SIZE). */
__kernel void KILN_CAT(PREFIX, _add)(__global const real* restrict part, __global real* restrict grad, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * SIZE) {
        return;
    }
    grad[gid] += part[gid];
}

/* Global (N*SIZE): grad = part, for a view (flatten) whose gradient cannot share its input's buffer. */
__kernel void KILN_CAT(PREFIX, _copy)(__global const real* restrict part, __global real* restrict grad, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * SIZE) {
        return;
    }
    grad[gid] = part[gid];
}
