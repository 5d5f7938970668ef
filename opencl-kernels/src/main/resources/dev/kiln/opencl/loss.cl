/*
 * The loss of the last layer, fused with its output activation and the gradient, per image.
 *
 *   z       (N, SIZE)   the last layer's pre-activation (logits) when OUTPUT_ACT is 1, else its output
 *   out     (N, SIZE)   the last layer's output; written here when OUTPUT_ACT is 1 (softmax or sigmoid)
 *   labels  (N)         class indices (softmax cross-entropy)
 *   targets (N, SIZE)   0/1 targets (binary cross-entropy) or values (mean squared error)
 *   loss    (N)         each image's loss; the host sums them and divides by N
 *   dz      (N, SIZE)   gradient of the mean loss with respect to the last pre-activation (assigned)
 *
 * LOSS 1 softmax cross-entropy: loss = logsumexp(z) - z[label]; dz = (softmax(z) - onehot) / N.
 * LOSS 2 binary cross-entropy on the logit z: loss = max(z, 0) - z t + log1p(exp(-|z|)); dz = (sigmoid(z) - t) / N.
 * LOSS 3 mean squared error: loss = mean_j (y_j - t_j)^2; dz = 2 (y - t) / (N SIZE) * act'(y).
 */
#ifndef PREFIX
#define PREFIX kiln_loss // kernel names are PREFIX_loss and PREFIX_output
#endif
#ifndef LOSS
#define LOSS 1 // 1 softmax cross-entropy, 2 binary cross-entropy, 3 mean squared error
#endif
#ifndef SIZE
#define SIZE 10 // outputs per image
#endif
#ifndef OUTPUT_ACT
#define OUTPUT_ACT 1 // 1: z holds logits and out gets softmax (LOSS 1) or sigmoid (LOSS 2); 0: out is z
#endif
#ifndef ACT
#define ACT 0 // MSE only: the last layer's activation, a KILN_ACT_ code of the prelude
#endif

/* out[0..SIZE) = the output activation of z[0..SIZE). */
inline void KILN_CAT(PREFIX, _activate)(__global const real* z, __global real* out) {
#if LOSS == 1
    real m = z[0];
    for (int j = 1; j < SIZE; j++) m = fmax(m, z[j]);
    real s = 0;
    for (int j = 0; j < SIZE; j++) s += exp(z[j] - m);
    for (int j = 0; j < SIZE; j++) out[j] = exp(z[j] - m) / s;
#else
    for (int j = 0; j < SIZE; j++) out[j] = kiln_act(KILN_ACT_SIGMOID, z[j]);
#endif
}

/* Global (N): one work item per image. */
__kernel void KILN_CAT(PREFIX, _loss)(__global const real* restrict z,
                                      __global real* out,
                                      __global const int* restrict labels,
                                      __global const real* restrict targets,
                                      __global real* restrict loss,
                                      __global real* restrict dz,
                                      const int batch) {
    const size_t n = get_global_id(0);
    if (n >= (size_t) batch) {
        return;
    }
    __global const real* zn = z + n * SIZE;
    __global real* dzn = dz + n * SIZE;
    const real inv = (real) 1 / (real) batch;
#if LOSS == 1
    real m = zn[0];
    for (int j = 1; j < SIZE; j++) m = fmax(m, zn[j]);
    real s = 0;
    for (int j = 0; j < SIZE; j++) s += exp(zn[j] - m);
    const int label = labels[n];
    loss[n] = m + log(s) - zn[label];
    for (int j = 0; j < SIZE; j++) {
        const real p = exp(zn[j] - m) / s;
        dzn[j] = (p - (j == label ? (real) 1 : (real) 0)) * inv;
#if OUTPUT_ACT
        out[n * SIZE + j] = p;
#endif
    }
#elif LOSS == 2
    real sum = 0;
    for (int j = 0; j < SIZE; j++) {
        const real x = zn[j];
        const real t = targets[n * SIZE + j];
        const real p = kiln_act(KILN_ACT_SIGMOID, x);
        sum += fmax(x, (real) 0) - x * t + log1p(exp(-fabs(x)));
        dzn[j] = (p - t) * inv;
#if OUTPUT_ACT
        out[n * SIZE + j] = p;
#endif
    }
    loss[n] = sum;
#else
    real sum = 0;
    for (int j = 0; j < SIZE; j++) {
        const real y = zn[j];
        const real d = y - targets[n * SIZE + j];
        sum += d * d;
        dzn[j] = kiln_act_dz(ACT, (real) 2 * d * inv / (real) SIZE, y);
    }
    loss[n] = sum / (real) SIZE;
#endif
}

/* Global (N): inference's output activation, out = softmax(z) or sigmoid(z) per image. */
__kernel void KILN_CAT(PREFIX, _output)(__global const real* restrict z,
                                        __global real* restrict out,
                                        const int batch) {
    const size_t n = get_global_id(0);
    if (n >= (size_t) batch) {
        return;
    }
    KILN_CAT(PREFIX, _activate)(z + n * SIZE, out + n * SIZE);
}
