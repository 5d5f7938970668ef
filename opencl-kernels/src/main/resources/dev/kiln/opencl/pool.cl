/*
 * MaxPool2d / AvgPool2d (forward) and their backward, one layer per copy.
 *
 *   in   (N, C, IH, IW)
 *   out  (N, C, OH, OW)     window rows oh*SH - PT + kh*DH, columns ow*SW - PL + kw*DW
 *   arg  (N, C, OH, OW)     max only: the winning input position ih*IW + iw within its plane
 *
 * Max: padding reads as minus infinity; ties go to the first maximum in row-major window order;
 * a NaN makes the result NaN (each NaN met replaces the argmax, so the last NaN wins); the argmax
 * is always a position inside the input. Avg: padding reads as zero; the divisor is PyTorch's: with
 * COUNT_INCLUDE_PAD the window clipped to the padded input, rows [-PT, IH + PB) and columns [-PL, IW + PR)
 * (KH*KW but for a ceil-mode window hanging past the padding), else the window clipped to the input.
 * Ceil mode needs nothing more here: OH and OW say how many windows there are, and a window's positions
 * past the input read nothing.
 * Gradient policy: input gradients are assigned (=), gathered per input element.
 */
#ifndef PREFIX
#define PREFIX pool // kernel names are PREFIX_forward and PREFIX_backward
#endif
#ifndef POOL_MAX
#define POOL_MAX 1 // 1: max pooling, 0: average pooling
#endif
#ifndef C
#define C 2 // channels
#endif
#ifndef IH
#define IH 8 // input height
#endif
#ifndef IW
#define IW 8 // input width
#endif
#ifndef OH
#define OH 4 // output height
#endif
#ifndef OW
#define OW 4 // output width
#endif
#ifndef KH
#define KH 2 // window height
#endif
#ifndef KW
#define KW 2 // window width
#endif
#ifndef SH
#define SH 2 // stride along the height
#endif
#ifndef SW
#define SW 2 // stride along the width
#endif
#ifndef PT
#define PT 0 // padding at the top
#endif
#ifndef PL
#define PL 0 // padding at the left
#endif
#ifndef DH
#define DH 1 // dilation along the height
#endif
#ifndef DW
#define DW 1 // dilation along the width
#endif
#ifndef PB
#define PB 0 // padding at the bottom (avg: bounds the divisor's window)
#endif
#ifndef PR
#define PR 0 // padding at the right
#endif
#ifndef COUNT_INCLUDE_PAD
#define COUNT_INCLUDE_PAD 1 // avg: 1 divides by the window within the padded input, 0 by its input elements
#endif

/* Avg: what output (oh, ow) divides its sum by (pooling has dilation 1). */
#if COUNT_INCLUDE_PAD
#define POOL_DIVISOR(oh, ow) ((min((oh) * SH - PT + KH, IH + PB) - ((oh) * SH - PT)) \
                              * (min((ow) * SW - PL + KW, IW + PR) - ((ow) * SW - PL)))
#else
#define POOL_DIVISOR(oh, ow) ((min((oh) * SH - PT + KH, IH) - max((oh) * SH - PT, 0)) \
                              * (min((ow) * SW - PL + KW, IW) - max((ow) * SW - PL, 0)))
#endif

/* Global (N*C*OH*OW): one work item per output element. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict in,
                                         __global real* restrict out,
#if POOL_MAX
                                         __global int* restrict arg,
#endif
                                         const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * (C * OH * OW)) {
        return;
    }
    const int ow = gid % OW;
    const int oh = (gid / OW) % OH;
    __global const real* plane = in + (gid / (OH * OW)) * (IH * IW);
#if POOL_MAX
    real best = -INFINITY;
    int at = -1;
#else
    real sum = 0;
#endif
    for (int kh = 0; kh < KH; kh++) {                    // window row
        const int ih = KILN_WINDOW_ROW(oh, kh);
        if (ih < 0 || ih >= IH) continue;
        for (int kw = 0; kw < KW; kw++) {                // window column
            const int iw = KILN_WINDOW_COL(ow, kw);
            if (iw < 0 || iw >= IW) continue;
            const real v = plane[ih * IW + iw];
#if POOL_MAX
            if (at < 0 || v > best || isnan(v)) {
                best = v;
                at = ih * IW + iw;
            }
#else
            sum += v;
#endif
        }
    }
#if POOL_MAX
    out[gid] = best;
    arg[gid] = at;
#else
    out[gid] = sum / (real) POOL_DIVISOR(oh, ow);
#endif
}

/* Global (N*C*IH*IW): one work item per input element gathers the windows that hold it. */
__kernel void KILN_CAT(PREFIX, _backward)(
#if POOL_MAX
                                          __global const int* restrict arg,
#endif
                                          __global const real* restrict dout,
                                          __global real* restrict din,
                                          const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * (C * IH * IW)) {
        return;
    }
    const int iw = gid % IW;
    const int ih = (gid / IW) % IH;
    const size_t o = (gid / (IH * IW)) * (OH * OW);    // this plane's first output
    real acc = 0;
    for (int kh = 0; kh < KH; kh++) {                  // window row that could hold ih
        const int r = ih + PT - kh * DH;
        if (r < 0 || r % SH != 0 || r / SH >= OH) continue;
        const int oh = r / SH;
        for (int kw = 0; kw < KW; kw++) {              // window column that could hold iw
            const int c = iw + PL - kw * DW;
            if (c < 0 || c % SW != 0 || c / SW >= OW) continue;
            const size_t i = o + oh * OW + c / SW;
#if POOL_MAX
            if (arg[i] == ih * IW + iw) acc += dout[i];
#else
            acc += dout[i] / (real) POOL_DIVISOR(oh, c / SW);
#endif
        }
    }
    din[gid] = acc;
}

#undef POOL_DIVISOR
