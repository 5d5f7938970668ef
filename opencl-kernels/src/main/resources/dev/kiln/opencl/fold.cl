/*
 * A batch norm folded into the conv or dense layer before it, for inference (the graph pass
 * dev.kiln.spec.rewrite.FoldBatchNorm; dev.kiln.spec.rewrite.Fold computes the same in Java):
 *
 *   params  the flat parameters: weight (F, K) at W_OFF, bias (F) at B_OFF (HAS_BIAS),
 *           the norm's gamma (F) at G_OFF and beta (F) at BETA_OFF
 *   state   the running statistics: mean (F) at RM, variance (F) at RV
 *   folded  the folded layer's weight (F, K) at FW_OFF and bias (F) at FB_OFF
 *
 *   s[f] = gamma[f] / sqrt(var[f] + EPS)
 *   folded weight[f, i] = s[f] weight[f, i]      folded bias[f] = beta[f] + s[f] (bias[f] - mean[f])
 *
 * The predict plan launches it before the folded layer, so the folded weights always follow the
 * current parameters and statistics.
 */
#ifndef PREFIX
#define PREFIX fold // the kernel is PREFIX_fold
#endif
#ifndef F
#define F 2 // output channels of the layer, the norm's features
#endif
#ifndef K
#define K 9 // weights per output channel
#endif
#ifndef W_OFF
#define W_OFF 0 // the layer's first weight in params
#endif
#ifndef HAS_BIAS
#define HAS_BIAS 1 // 1: the layer has a bias at B_OFF
#endif
#ifndef B_OFF
#define B_OFF (W_OFF + F * K) // the layer's first bias in params
#endif
#ifndef G_OFF
#define G_OFF (B_OFF + F) // the norm's first weight (gamma) in params
#endif
#ifndef BETA_OFF
#define BETA_OFF (G_OFF + F) // the norm's first bias (beta) in params
#endif
#ifndef RM
#define RM 0 // the norm's first running mean in state
#endif
#ifndef RV
#define RV (RM + F) // the norm's first running variance in state
#endif
#ifndef EPS
#define EPS 1e-5f // the norm's eps
#endif
#ifndef FW_OFF
#define FW_OFF 0 // the folded weight's start in folded
#endif
#ifndef FB_OFF
#define FB_OFF (FW_OFF + F * K) // the folded bias's start in folded
#endif

/* Global (F*K + F): one work item per folded weight, then one per folded bias. */
__kernel void KILN_CAT(PREFIX, _fold)(__global const real* restrict params,
                                      __global const real* restrict state,
                                      __global real* restrict folded) {
    const int gid = get_global_id(0);
    if (gid >= F * K + F) {
        return;
    }
    const int f = gid < F * K ? gid / K : gid - F * K;
    const real s = params[G_OFF + f] / sqrt(state[RV + f] + EPS);
    if (gid < F * K) {
        folded[FW_OFF + gid] = s * params[W_OFF + gid];
    } else {
#if HAS_BIAS
        const real bias = params[B_OFF + f];
#else
        const real bias = 0;
#endif
        folded[FB_OFF + f] = params[BETA_OFF + f] + s * (bias - state[RM + f]);
    }
}
