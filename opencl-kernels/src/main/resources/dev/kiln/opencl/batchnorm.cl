/*
 * BatchNorm, PyTorch's semantics, per feature (a channel of an image, a unit of a vector).
 *
 *   in, out  (N, F, S)     S = height x width (1 for a vector)
 *   stats    (2F)          the step's mean and 1/sqrt(var + EPS) per feature (training)
 *   state    (...)         running_mean at RM, running_var at RV, num_batches_tracked at NBT
 *   sums     (2F)          backward: sum dz and sum dz xhat per feature
 *
 * Training: _statistics (one work item per feature) computes the batch mean and biased variance
 * in two passes, updates running = (1 - MOMENTUM) running + MOMENTUM batch with the unbiased
 * variance (and the counter); _forward normalises with them (training = 1) or with the running
 * statistics (training = 0), y = act(xhat gamma + beta). Backward: _backward_sums folds the
 * activation derivative into dout in place and assigns the weight and bias gradients (=, the
 * OpenCL plan's policy for parameter gradients: one kernel owns each);
 * _backward_input assigns dx = gamma invStd / M (M dz - sum dz - xhat sum dz xhat).
 *
 *   frozen   (layers)      int per layer, set by the backend from --freeze: frozen[LAYER] != 0 makes
 *                          _statistics hand the running statistics to _forward without updating them
 *                          (Keras' trainable = False), and _backward_sums zero the sums (so dx = gamma
 *                          invStd dz) and leave the weight and bias gradients alone.
 */
#ifndef PREFIX
#define PREFIX bn // kernel names are PREFIX_statistics, PREFIX_forward, PREFIX_backward_sums, PREFIX_backward_input
#endif
#ifndef LAYER
#define LAYER 0 // the layer's index in the network, its entry in frozen
#endif
#ifndef F
#define F 4 // features
#endif
#ifndef S
#define S 16 // elements per image per feature
#endif
#ifndef W_OFF
#define W_OFF 0 // weight (gamma) offset in the flat parameters
#endif
#ifndef B_OFF
#define B_OFF 4 // bias (beta) offset in the flat parameters
#endif
#ifndef RM
#define RM 0 // running_mean offset in the state
#endif
#ifndef RV
#define RV 4 // running_var offset in the state
#endif
#ifndef NBT
#define NBT 8 // num_batches_tracked offset in the state
#endif
#ifndef EPS
#define EPS 1e-5f // added to the variance
#endif
#ifndef MOMENTUM
#define MOMENTUM 0.1f // weight of the batch statistic in the running update
#endif
#ifndef ACT
#define ACT 0 // the activation, a KILN_ACT_ code of the prelude: 0 none, 1 relu, 2 leaky relu, 3 sigmoid, 4 tanh
#endif
#ifndef DOUT_IS_DZ
#define DOUT_IS_DZ 0 // 1: the incoming gradient is already with respect to the pre-activation (the loss applied act')
#endif

/* Global (F): one work item per feature walks the whole batch. */
__kernel void KILN_CAT(PREFIX, _statistics)(__global const real* restrict in, __global real* restrict stats,
                                            __global real* restrict state, __global const int* restrict frozen,
                                            const int batch) {
    const int f = get_global_id(0);
    if (f >= F) {
        return;
    }
    if (frozen[LAYER]) {                               // the running statistics, kept as they are
        stats[f] = state[RM + f];
        stats[F + f] = (real) 1 / sqrt(state[RV + f] + EPS);
        return;
    }
    const real m = (real) batch * S;
    real sum = 0;
    for (int n = 0; n < batch; n++) {                  // each image
        __global const real* x = in + ((size_t) n * F + f) * S;
        for (int s = 0; s < S; s++) {                  // each element of the feature
            sum += x[s];
        }
    }
    const real first = sum / m;
    real squares = 0;
    real deviations = 0;
    for (int n = 0; n < batch; n++) {
        __global const real* x = in + ((size_t) n * F + f) * S;
        for (int s = 0; s < S; s++) {
            const real d = x[s] - first;
            deviations += d;
            squares += d * d;
        }
    }
    /* corrected two-pass: the deviations from the rounded first mean refine it (Chan, Golub, LeVeque) */
    const real mean = first + deviations / m;
    squares -= deviations * deviations / m;
    stats[f] = mean;
    stats[F + f] = (real) 1 / sqrt(squares / m + EPS);
    const real unbiased = m > 1 ? squares / (m - 1) : squares / m;
    state[RM + f] = ((real) 1 - MOMENTUM) * state[RM + f] + MOMENTUM * mean;
    state[RV + f] = ((real) 1 - MOMENTUM) * state[RV + f] + MOMENTUM * unbiased;
    if (f == 0) {
        state[NBT] += (real) 1;
    }
}

/* Global (N*F*S): one work item per element. */
__kernel void KILN_CAT(PREFIX, _forward)(__global const real* restrict params, __global const real* restrict in,
                                         __global const real* restrict stats, __global const real* restrict state,
                                         __global real* restrict out, const int training, const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * F * S) {
        return;
    }
    const int f = (gid / S) % F;
    const real mean = training ? stats[f] : state[RM + f];
    const real inv = training ? stats[F + f] : (real) 1 / sqrt(state[RV + f] + EPS);
    const real scale = params[W_OFF + f] * inv;
    out[gid] = KILN_ACT(in[gid] * scale + (params[B_OFF + f] - mean * scale));
}

/* Global (F): one work item per feature walks the whole batch. */
__kernel void KILN_CAT(PREFIX, _backward_sums)(__global const real* restrict in, __global const real* restrict out,
                                               __global real* restrict dout, __global const real* restrict stats,
                                               __global real* restrict sums, __global real* restrict grads,
                                               __global const int* restrict frozen, const int batch) {
    const int f = get_global_id(0);
    if (f >= F) {
        return;
    }
    const real mean = stats[f];
    const real inv = stats[F + f];
    const int learns = !frozen[LAYER];
    real sumDz = 0;
    real sumDzXhat = 0;
    for (int n = 0; n < batch; n++) {                  // each image
        const size_t base = ((size_t) n * F + f) * S;
        for (int s = 0; s < S; s++) {                  // each element of the feature
            const real dz = KILN_DZ(dout[base + s], out[base + s]);
            dout[base + s] = dz;
            sumDz += dz;
            sumDzXhat += dz * (in[base + s] - mean) * inv;
        }
    }
    if (!learns) {                                     // constant statistics: dx = gamma invStd dz
        sums[f] = 0;
        sums[F + f] = 0;
        return;
    }
    sums[f] = sumDz;
    sums[F + f] = sumDzXhat;
    grads[W_OFF + f] = sumDzXhat;
    grads[B_OFF + f] = sumDz;
}

/* Global (N*F*S): one work item per input element. */
__kernel void KILN_CAT(PREFIX, _backward_input)(__global const real* restrict params, __global const real* restrict in,
                                                __global const real* restrict dz, __global const real* restrict stats,
                                                __global const real* restrict sums, __global real* restrict din,
                                                const int batch) {
    const size_t gid = get_global_id(0);
    if (gid >= (size_t) batch * F * S) {
        return;
    }
    const int f = (gid / S) % F;
    const real m = (real) batch * S;
    const real inv = stats[F + f];
    const real xhat = (in[gid] - stats[f]) * inv;
    din[gid] = params[W_OFF + f] * inv / m * (m * dz[gid] - sums[f] - xhat * sums[F + f]);
}
