/*
 * Conv2d: cross-correlation + bias + activation (forward) and its backward, one layer per copy.
 *
 *   in      (N, IC, IH, IW)                    the previous layer's output, channel-major per image
 *   weight  (OC, IC/GROUPS, KH, KW)  at params[W_OFF]   PyTorch's layout
 *   bias    (OC)                      at params[B_OFF]
 *   out     (N, OC, OH, OW)                    after the activation
 *
 *   out[n, oc, oh, ow] = act(bias[oc] + sum_{ic,kh,kw} w[oc, ic, kh, kw] * in[n, g*IC/GROUPS + ic, oh*SH - PT + kh*DH, ow*SW - PL + kw*DW])
 *   g = oc / (OC/GROUPS), the filter's group; ic runs over the group's IC/GROUPS channels
 *
 * Outside the input a read gives 0 (REPLICATE 0) or the clamped edge pixel (REPLICATE 1).
 * Gradient policy: `dout` is the gradient with respect to `out` (after the activation), or with
 * respect to the pre-activation when DOUT_IS_DZ is 1 (the loss kernel folded the derivative);
 * the activation derivative is taken from `out`. Parameter gradients are assigned (=, each
 * element has exactly one writer), input gradients are assigned (=).
 */
#ifndef PREFIX
#define PREFIX conv // kernel names are PREFIX_forward, PREFIX_backward_params, PREFIX_backward_input
#endif
#ifndef IC
#define IC 1 // input channels
#endif
#ifndef IH
#define IH 8 // input height
#endif
#ifndef IW
#define IW 8 // input width
#endif
#ifndef OC
#define OC 2 // output channels (filters)
#endif
#ifndef OH
#define OH 8 // output height
#endif
#ifndef OW
#define OW 8 // output width
#endif
#ifndef KH
#define KH 3 // kernel height
#endif
#ifndef KW
#define KW 3 // kernel width
#endif
#ifndef SH
#define SH 1 // stride along the height
#endif
#ifndef SW
#define SW 1 // stride along the width
#endif
#ifndef PT
#define PT 1 // padding at the top (the bottom padding follows from OH)
#endif
#ifndef PL
#define PL 1 // padding at the left (the right padding follows from OW)
#endif
#ifndef DH
#define DH 1 // dilation along the height
#endif
#ifndef DW
#define DW 1 // dilation along the width
#endif
#ifndef REPLICATE
#define REPLICATE 0 // 1: reads outside the input take the nearest edge pixel; 0: zeros
#endif
#ifndef HAS_BIAS
#define HAS_BIAS 1 // 1: add bias[oc]
#endif
#ifndef ACT
#define ACT 0 // the activation, a KILN_ACT_ code of the prelude: 0 none, 1 relu, 2 leaky relu, 3 sigmoid, 4 tanh
#endif
#ifndef W_OFF
#define W_OFF 0 // first weight in the flat parameter array
#endif
#ifndef B_OFF
#define B_OFF (W_OFF + OC * IC * KH * KW) // first bias in the flat parameter array
#endif
#ifndef DOUT_IS_DZ
#define DOUT_IS_DZ 0 // 1: the incoming gradient is already with respect to the pre-activation
#endif
#ifndef GROUPS
#define GROUPS 1 // groups of input channels and filters (PyTorch's groups); IC for a depthwise conv
#endif
#ifndef IC_TILE
#define IC_TILE (IC / GROUPS) // input channels of the group whose weights one work-group stages in local memory at a time
#endif
#ifndef LOCAL_WEIGHTS
#define LOCAL_WEIGHTS 1 // 1: stage weights in local memory (needs IC_TILE * KH * KW reals of it); 0: read them from global memory
#endif

#define CONV_IC_G (IC / GROUPS) // input channels per group, each filter's
#define CONV_OC_G (OC / GROUPS) // filters per group
#define CONV_WSIZE (OC * CONV_IC_G * KH * KW)
#define CONV_FILTER (CONV_IC_G * KH * KW)
#define CONV_PARAMS (CONV_WSIZE + (HAS_BIAS ? OC : 0))
/* Whether every window lies inside the input (no padding is read), so bounds checks fold away. */
#define CONV_INSIDE (PT == 0 && PL == 0 && (OH - 1) * SH + (KH - 1) * DH < IH && (OW - 1) * SW + (KW - 1) * DW < IW)

/*
 * Global (ceil(OH*OW / L) * L, OC, N), local (L, 1, 1): a work-group shares one (n, oc) and
 * stages that filter's weights in local memory, IC_TILE input channels at a time.
 */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict params,
                                         __global const real* restrict in,
                                         __global real* restrict out) {
    const int p = get_global_id(0);          // output pixel oh * OW + ow
    const int oc = get_global_id(1);
    const size_t n = get_global_id(2);
    const bool live = p < OH * OW;           // the last work-group may run past the plane
    const int oh = live ? p / OW : 0;
    const int ow = live ? p % OW : 0;
    __global const real* filter = params + W_OFF + oc * CONV_FILTER;
    const int group = oc / CONV_OC_G * CONV_IC_G;  // the group's first input channel
    real acc = 0;
#if LOCAL_WEIGHTS
    __local real tile[IC_TILE * KH * KW];
    const int lid = get_local_id(0);
    const int lsize = get_local_size(0);
#endif
    for (int ic0 = 0; ic0 < CONV_IC_G; ic0 += IC_TILE) {   // one tile of the group's input channels
        const int tileChannels = min(IC_TILE, CONV_IC_G - ic0);
#if LOCAL_WEIGHTS
        for (int i = lid; i < tileChannels * KH * KW; i += lsize) {
            tile[i] = filter[ic0 * KH * KW + i];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        __local const real* w = tile;
#else
        __global const real* w = filter + ic0 * KH * KW;
#endif
        if (live) {
            for (int ic = 0; ic < tileChannels; ic++) {     // input channel within the tile
                __global const real* plane = in + (n * IC + group + ic0 + ic) * (IH * IW);
                for (int kh = 0; kh < KH; kh++) {            // kernel row
                    int ih = KILN_WINDOW_ROW(oh, kh);
#if REPLICATE
                    ih = clamp(ih, 0, IH - 1);
#else
                    if (!CONV_INSIDE && (ih < 0 || ih >= IH)) continue;
#endif
                    for (int kw = 0; kw < KW; kw++) {        // kernel column
                        int iw = KILN_WINDOW_COL(ow, kw);
#if REPLICATE
                        iw = clamp(iw, 0, IW - 1);
#else
                        if (!CONV_INSIDE && (iw < 0 || iw >= IW)) continue;
#endif
                        acc += w[(ic * KH + kh) * KW + kw] * plane[ih * IW + iw];
                    }
                }
            }
        }
#if LOCAL_WEIGHTS
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
    }
    if (!live) {
        return;
    }
#if HAS_BIAS
    acc += params[B_OFF + oc];
#endif
    out[(n * OC + oc) * (OH * OW) + p] = KILN_ACT(acc);
}

/*
 * Global (OC*IC*KH*KW + biases): one work item per parameter, summing over the batch and the
 * output plane. Items past the weights compute the bias gradients.
 */
__kernel void KILN_CAT(PREFIX, _backward_params)(__global const real* restrict in,
                                                 __global const real* restrict out,
                                                 __global const real* restrict dout,
                                                 __global real* restrict grads,
                                                 const int batch) {
    const int gid = get_global_id(0);
    if (gid >= CONV_PARAMS) {
        return;
    }
    real acc = 0;
    if (gid < CONV_WSIZE) {
        const int kw = gid % KW;
        const int kh = (gid / KW) % KH;
        const int ic = (gid / (KW * KH)) % CONV_IC_G;            // within the filter's group
        const int oc = gid / CONV_FILTER;
        const int channel = oc / CONV_OC_G * CONV_IC_G + ic;     // in the input
        for (int n = 0; n < batch; n++) {                        // image
            __global const real* plane = in + ((size_t) n * IC + channel) * (IH * IW);
            const size_t o = ((size_t) n * OC + oc) * (OH * OW);
            for (int oh = 0; oh < OH; oh++) {                    // output row
                int ih = KILN_WINDOW_ROW(oh, kh);
#if REPLICATE
                ih = clamp(ih, 0, IH - 1);
#else
                if (!CONV_INSIDE && (ih < 0 || ih >= IH)) continue;
#endif
                for (int ow = 0; ow < OW; ow++) {                // output column
                    int iw = KILN_WINDOW_COL(ow, kw);
#if REPLICATE
                    iw = clamp(iw, 0, IW - 1);
#else
                    if (!CONV_INSIDE && (iw < 0 || iw >= IW)) continue;
#endif
                    const size_t i = o + oh * OW + ow;
                    acc += KILN_DZ(dout[i], out[i]) * plane[ih * IW + iw];
                }
            }
        }
        grads[W_OFF + gid] = acc;
    } else {
        const int oc = gid - CONV_WSIZE;
        for (int n = 0; n < batch; n++) {                        // image
            const size_t o = ((size_t) n * OC + oc) * (OH * OW);
            for (int p = 0; p < OH * OW; p++) {                  // output pixel
                acc += KILN_DZ(dout[o + p], out[o + p]);
            }
        }
        grads[B_OFF + oc] = acc;
    }
}

/*
 * Global (N*IC*IH*IW): one work item per input element gathers every output that read it. For
 * kernel row kh the outputs are those with oh*SH - PT + kh*DH == ih; with REPLICATE the edge rows
 * also collect every read that was clamped onto them.
 */
__kernel void KILN_CAT(PREFIX, _backward_input)(__global const real* restrict params,
                                                __global const real* restrict out,
                                                __global const real* restrict dout,
                                                __global real* restrict din,
                                                const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * (IC * IH * IW)) {
        return;
    }
    const int iw = gid % IW;
    const int ih = (gid / IW) % IH;
    const int ic = (gid / (IW * IH)) % IC;
    const size_t n = gid / (IC * IH * IW);
    const int oc0 = ic / CONV_IC_G * CONV_OC_G;          // the filters of this channel's group
    const int icg = ic % CONV_IC_G;                      // its place within the group
    real acc = 0;
#if SH == 1 && SW == 1 && !REPLICATE
    // unit stride, zero padding: each tap reads this element from exactly one output position, if any
    for (int oc = oc0; oc < oc0 + CONV_OC_G; oc++) {             // output channel of the group
        __global const real* w = params + W_OFF + (oc * CONV_IC_G + icg) * (KH * KW);
        const size_t o = (n * OC + oc) * (OH * OW);
        for (int kh = 0; kh < KH; kh++) {                        // kernel row
            const int oh = ih + PT - kh * DH;
            if (oh < 0 || oh >= OH) continue;
            for (int kw = 0; kw < KW; kw++) {                    // kernel column
                const int ow = iw + PL - kw * DW;
                if (ow < 0 || ow >= OW) continue;
                const size_t i = o + oh * OW + ow;
                acc += w[kh * KW + kw] * KILN_DZ(dout[i], out[i]);
            }
        }
    }
#else
    int rowLo = ih, rowHi = ih, colLo = iw, colHi = iw;      // virtual (padded) coordinates that land here
#if REPLICATE
    if (ih == 0) rowLo = -(OH * SH + KH * DH);
    if (ih == IH - 1) rowHi = IH + OH * SH + KH * DH;
    if (iw == 0) colLo = -(OW * SW + KW * DW);
    if (iw == IW - 1) colHi = IW + OW * SW + KW * DW;
#endif
    for (int oc = oc0; oc < oc0 + CONV_OC_G; oc++) {             // output channel of the group
        __global const real* w = params + W_OFF + (oc * CONV_IC_G + icg) * (KH * KW);
        const size_t o = (n * OC + oc) * (OH * OW);
        for (int kh = 0; kh < KH; kh++) {                        // kernel row
            const int ohLo = max(0, -kiln_floordiv(-(rowLo + PT - kh * DH), SH));
            const int ohHi = min(OH - 1, kiln_floordiv(rowHi + PT - kh * DH, SH));
            for (int oh = ohLo; oh <= ohHi; oh++) {              // output rows reading row ih
                for (int kw = 0; kw < KW; kw++) {                // kernel column
                    const int owLo = max(0, -kiln_floordiv(-(colLo + PL - kw * DW), SW));
                    const int owHi = min(OW - 1, kiln_floordiv(colHi + PL - kw * DW, SW));
                    for (int ow = owLo; ow <= owHi; ow++) {      // output columns reading column iw
                        const size_t i = o + oh * OW + ow;
                        acc += w[kh * KW + kw] * KILN_DZ(dout[i], out[i]);
                    }
                }
            }
        }
    }
#endif
    din[gid] = acc;
}

#undef CONV_IC_G
#undef CONV_OC_G
#undef CONV_WSIZE
#undef CONV_FILTER
#undef CONV_PARAMS
#undef CONV_INSIDE
