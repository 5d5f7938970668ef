/*
 * Augmentation layers (training only; at inference the layer is skipped, its output a renamed
 * input buffer), one layer per copy.
 *
 *   in, out  (N, C, H, W)     image n's transform is drawn from (seed, LAYER, n) alone
 *
 * The draws are dev.kiln.spec.Draws.bits (SplitMix64's finaliser) in ulong arithmetic,
 * wrap-around multiplies and logical shifts, so both backends draw the same bits; the uniform
 * value is its top 24 bits times 2^-24, exact in a float (Draws.uniformFloat). seed_lo/seed_hi are
 * the low and high 32 bits of the Java long seed.
 *
 *   MODE 0  flip        draw 0 < 1/2: mirror left-right (if FLIP_H), draw 1 < 1/2: up-down (if FLIP_V)
 *   MODE 1  translation source = (y - dy, x - dx), dy = U(-RANGE_A, RANGE_A) H, dx = U(-RANGE_B, RANGE_B) W
 *   MODE 2  rotation    source = R(theta) (p - centre) + centre, theta = U(-RANGE_A, RANGE_A) degrees
 *   MODE 3  zoom        source = s (p - centre) + centre, s = 1 + U(-RANGE_A, RANGE_A)
 *   MODE 4  contrast    out = (in - mean_c) f + mean_c, f = 1 + U(-RANGE_A, RANGE_A), one work item per (n, c)
 *
 * Modes 1-3 read the source point bilinearly (pixel centres at integer coordinates), with FILL
 * outside the picture: 0 zeros, 1 the nearest edge pixel, 2 the picture reflected without
 * repeating its edge. Gradient policy: none; nothing before an augmentation layer trains, so no
 * backward kernel exists (the Java backend computes the adjoint when asked for an input gradient).
 */
#ifndef PREFIX
#define PREFIX augment // the kernel is PREFIX_forward; helpers PREFIX_uniform, PREFIX_read
#endif
#ifndef LAYER
#define LAYER 0 // the layer's index in the network
#endif
#ifndef MODE
#define MODE 0 // 0 flip, 1 translation, 2 rotation, 3 zoom, 4 contrast
#endif
#ifndef C
#define C 1 // channels
#endif
#ifndef H
#define H 4 // height
#endif
#ifndef W
#define W 4 // width
#endif
#ifndef RANGE_A
#define RANGE_A 0.0f // translation: height fraction; rotation: degrees; zoom, contrast: the fraction
#endif
#ifndef RANGE_B
#define RANGE_B 0.0f // translation: width fraction; unused otherwise
#endif
#ifndef FLIP_H
#define FLIP_H 1 // flip: whether left-right flips are drawn
#endif
#ifndef FLIP_V
#define FLIP_V 1 // flip: whether up-down flips are drawn
#endif
#ifndef FILL
#define FILL 0 // 0 zeros, 1 nearest, 2 reflect
#endif

#define KILN_AUG_PLANE (H * W)

/* Draws.bits(seed, LAYER, image, k) >> 40, times 2^-24: a uniform float in [0, 1). */
inline float KILN_CAT(PREFIX, _uniform)(uint seedLo, uint seedHi, uint image, uint k) {
    ulong z = (((ulong) seedHi) << 32) | (ulong) seedLo;
    z += 0x9E3779B97F4A7C15UL * ((((ulong) LAYER) << 40) ^ (((ulong) image) << 8) ^ (ulong) k ^ 0x5DEECE66DUL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    z = z ^ (z >> 31);
    return (float) (uint) (z >> 40) * 0x1.0p-24f;
}

/* The in-picture index that pixel (y, x) reads under FILL, or -1 for a zero. */
inline int KILN_CAT(PREFIX, _source)(int y, int x) {
    if (y >= 0 && y < H && x >= 0 && x < W) {
        return y * W + x;
    }
#if FILL == 0
    return -1;
#elif FILL == 1
    return clamp(y, 0, H - 1) * W + clamp(x, 0, W - 1);
#else
    if (H == 1) {
        y = 0;
    } else {
        int m = y % (2 * (H - 1));
        m = m < 0 ? m + 2 * (H - 1) : m;
        y = m < H ? m : 2 * (H - 1) - m;
    }
    if (W == 1) {
        x = 0;
    } else {
        int m = x % (2 * (W - 1));
        m = m < 0 ? m + 2 * (W - 1) : m;
        x = m < W ? m : 2 * (W - 1) - m;
    }
    return y * W + x;
#endif
}

#if MODE == 4
/* Global (N*C): one work item per channel of an image, which it reads twice (mean, then scale). */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict in,
                                         __global real* restrict out,
                                         const int batch, const uint seed_lo, const uint seed_hi) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * C) {
        return;
    }
    const uint n = (uint) (gid / C);
    const float f = 1.0f + (2.0f * KILN_CAT(PREFIX, _uniform)(seed_lo, seed_hi, n, 0u) - 1.0f) * RANGE_A;
    __global const real* src = in + gid * KILN_AUG_PLANE;
    __global real* dst = out + gid * KILN_AUG_PLANE;
    float sum = 0.0f;
    for (int i = 0; i < KILN_AUG_PLANE; i++) {
        sum += src[i];
    }
    const float mean = sum / (float) KILN_AUG_PLANE;
    for (int i = 0; i < KILN_AUG_PLANE; i++) {
        dst[i] = (src[i] - mean) * f + mean;
    }
}
#else
/* Global (N*H*W): one work item per output pixel of an image, for all of its channels. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict in,
                                         __global real* restrict out,
                                         const int batch, const uint seed_lo, const uint seed_hi) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * KILN_AUG_PLANE) {
        return;
    }
    const uint n = (uint) (gid / KILN_AUG_PLANE);
    const int p = (int) (gid % KILN_AUG_PLANE);
    const int y = p / W;
    const int x = p % W;
    __global const real* src = in + (size_t) n * C * KILN_AUG_PLANE;
    __global real* dst = out + (size_t) n * C * KILN_AUG_PLANE;
#if MODE == 0
    const int sy = (FLIP_V && KILN_CAT(PREFIX, _uniform)(seed_lo, seed_hi, n, 1u) < 0.5f) ? H - 1 - y : y;
    const int sx = (FLIP_H && KILN_CAT(PREFIX, _uniform)(seed_lo, seed_hi, n, 0u) < 0.5f) ? W - 1 - x : x;
    for (int c = 0; c < C; c++) {
        dst[c * KILN_AUG_PLANE + p] = src[c * KILN_AUG_PLANE + sy * W + sx];
    }
#else
    const float cy = (H - 1) * 0.5f;
    const float cx = (W - 1) * 0.5f;
    float a = 1.0f, b = 0.0f, cc = cy, d = 0.0f, e = 1.0f, ff = cx;
#if MODE == 1
    cc = cy - (2.0f * KILN_CAT(PREFIX, _uniform)(seed_lo, seed_hi, n, 0u) - 1.0f) * RANGE_A * (float) H;
    ff = cx - (2.0f * KILN_CAT(PREFIX, _uniform)(seed_lo, seed_hi, n, 1u) - 1.0f) * RANGE_B * (float) W;
#elif MODE == 2
    const float radians = (2.0f * KILN_CAT(PREFIX, _uniform)(seed_lo, seed_hi, n, 0u) - 1.0f) * RANGE_A * 0.017453292f;
    a = cos(radians);
    b = sin(radians);
    d = -b;
    e = a;
#else
    a = 1.0f + (2.0f * KILN_CAT(PREFIX, _uniform)(seed_lo, seed_hi, n, 0u) - 1.0f) * RANGE_A;
    e = a;
#endif
    const float sy = a * ((float) y - cy) + b * ((float) x - cx) + cc;
    const float sx = d * ((float) y - cy) + e * ((float) x - cx) + ff;
    const float fy = floor(sy);
    const float fx = floor(sx);
    const int y0 = (int) fy;
    const int x0 = (int) fx;
    const float wy = sy - fy;
    const float wx = sx - fx;
    const int i00 = KILN_CAT(PREFIX, _source)(y0, x0);
    const int i01 = KILN_CAT(PREFIX, _source)(y0, x0 + 1);
    const int i10 = KILN_CAT(PREFIX, _source)(y0 + 1, x0);
    const int i11 = KILN_CAT(PREFIX, _source)(y0 + 1, x0 + 1);
    for (int c = 0; c < C; c++) {
        __global const real* plane = src + c * KILN_AUG_PLANE;
        const float v00 = i00 < 0 ? 0.0f : plane[i00];
        const float v01 = i01 < 0 ? 0.0f : plane[i01];
        const float v10 = i10 < 0 ? 0.0f : plane[i10];
        const float v11 = i11 < 0 ? 0.0f : plane[i11];
        dst[c * KILN_AUG_PLANE + p] = (v00 * (1.0f - wx) + v01 * wx) * (1.0f - wy) + (v10 * (1.0f - wx) + v11 * wx) * wy;
    }
#endif
}
#endif

#undef KILN_AUG_PLANE
