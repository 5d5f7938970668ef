/*
 * Inverted dropout (training only; at inference the layer is skipped), one layer per copy.
 *
 *   in, out  (N, SIZE)      element e = n*SIZE + i is dropped iff (hash(seed, LAYER, e) >> 8) < THRESHOLD
 *
 * The hash is dev.kiln.spec.Dropouts.hash in uint arithmetic (wrap-around multiplies,
 * logical shifts), so both backends drop the same elements; seed_lo/seed_hi are the low and high
 * 32 bits of the Java long seed. Kept elements are scaled by SCALE = 1 / (1 - rate).
 * Gradient policy: input gradients are assigned (=) through the same mask.
 */
#ifndef PREFIX
#define PREFIX dropout // kernel names are PREFIX_forward and PREFIX_backward; helper PREFIX_hash
#endif
#ifndef LAYER
#define LAYER 0 // the layer's index in the network
#endif
#ifndef SIZE
#define SIZE 16 // elements per image
#endif
#ifndef THRESHOLD
#define THRESHOLD 8388608u // round(rate * 2^24), as Dropouts.threshold
#endif
#ifndef SCALE
#define SCALE 2.0f // 1 / (1 - rate) as a float
#endif

inline uint KILN_CAT(PREFIX, _fmix)(uint h) {
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h;
}

inline uint KILN_CAT(PREFIX, _hash)(uint seedLo, uint seedHi, uint layer, uint element) {
    uint h = seedLo ^ rotate(seedHi, 13u);
    h ^= layer * 0x9E3779B9u;
    h = KILN_CAT(PREFIX, _fmix)(h);
    h ^= element * 0x85EBCA6Bu;
    return KILN_CAT(PREFIX, _fmix)(h);
}

inline bool KILN_CAT(PREFIX, _dropped)(uint seedLo, uint seedHi, uint element) {
    return (KILN_CAT(PREFIX, _hash)(seedLo, seedHi, LAYER, element) >> 8) < THRESHOLD;
}

/* Global (N*SIZE): one work item per element. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict in,
                                         __global real* restrict out,
                                         const int batch, const uint seed_lo, const uint seed_hi) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * SIZE) {
        return;
    }
    out[gid] = KILN_CAT(PREFIX, _dropped)(seed_lo, seed_hi, (uint) gid) ? (real) 0 : in[gid] * (real) SCALE;
}

/* Global (N*SIZE): the gradient passes where the element was kept, scaled the same way. */
__kernel void KILN_CAT(PREFIX, _backward)(__global const real* restrict dout,
                                          __global real* restrict din,
                                          const int batch, const uint seed_lo, const uint seed_hi) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * SIZE) {
        return;
    }
    din[gid] = KILN_CAT(PREFIX, _dropped)(seed_lo, seed_hi, (uint) gid) ? (real) 0 : dout[gid] * (real) SCALE;
}
