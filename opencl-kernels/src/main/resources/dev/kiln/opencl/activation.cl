/*
 * An activation on its own, for the activations whose slope their output does not determine (hard swish,
 * SiLU, GELU): the layer's kernel writes the pre-activation, this template applies the activation and, in
 * backward, turns the output's gradient into the pre-activation's in place.
 *
 *   pre   (N, SIZE)   the layer's pre-activation, kept for backward
 *   out   (N, SIZE)   act(pre), the layer's output
 *   g     (N, SIZE)   the output's gradient, overwritten with the pre-activation's: g act'(pre)
 */
#ifndef PREFIX
#define PREFIX activation // kernel names are PREFIX_forward and PREFIX_backward
#endif
#ifndef SIZE
#define SIZE 16 // elements per image
#endif
#ifndef ACT
#define ACT 6 // the activation, a KILN_ACT_ code of the prelude
#endif

/* Global (N*SIZE): one work item per element. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict pre, __global real* restrict out, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * SIZE) {
        return;
    }
    out[gid] = kiln_act(ACT, pre[gid]);
}

/* Global (N*SIZE): the slope at the kept pre-activation, in place. */
__kernel void KILN_CAT(PREFIX, _backward)(__global const real* restrict pre, __global real* restrict g, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * SIZE) {
        return;
    }
    g[gid] = kiln_act_dz_at_input(ACT, g[gid], pre[gid]);
}
