/*
 * The optimiser update of every parameter in one launch, PyTorch's semantics
 * (see dev.kiln.runtime.optim.OptimizerConfig). All arrays hold COUNT reals, flat in
 * NetworkSpec.params() order; the learning rate and, for Adam, the bias corrections
 * bc1 = 1 - beta1^t and bc2 = 1 - beta2^t come from the host each step.
 *
 *   SGD:  g = grad + wd p;  v = momentum v + g;  g = nesterov ? g + momentum v : v;  p -= lr g
 *         (without momentum g is used as is and v is untouched)
 *   Adam: g = grad + wd p;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
 *         p -= (lr / bc1) m / (sqrt(v) / sqrt(bc2) + eps)   (PyTorch's arrangement)
 */
#ifndef PREFIX
#define PREFIX kiln // kernel names are PREFIX_sgd and PREFIX_adam
#endif
#ifndef COUNT
#define COUNT 1024 // parameters in the network
#endif

/* Global (COUNT): one work item per parameter. */
__kernel void KILN_CAT(PREFIX, _sgd)(__global real* restrict params,
                                     __global const real* restrict grads,
                                     __global real* restrict velocity,
                                     const float lr, const float momentum, const float weight_decay,
                                     const int nesterov) {
    const int i = get_global_id(0);
    if (i >= COUNT) {
        return;
    }
    real g = grads[i] + weight_decay * params[i];
    if (momentum != 0) {
        const real v = momentum * velocity[i] + g;
        velocity[i] = v;
        g = nesterov ? g + momentum * v : v;
    }
    params[i] -= lr * g;
}

/* Global (COUNT): one work item per parameter. */
__kernel void KILN_CAT(PREFIX, _adam)(__global real* restrict params,
                                      __global const real* restrict grads,
                                      __global real* restrict m,
                                      __global real* restrict v,
                                      const float lr, const float beta1, const float beta2, const float eps,
                                      const float weight_decay, const float bc1, const float bc2) {
    const int i = get_global_id(0);
    if (i >= COUNT) {
        return;
    }
    const real g = grads[i] + weight_decay * params[i];
    const real mi = beta1 * m[i] + (1 - beta1) * g;
    const real vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] -= (lr / bc1) * mi / (sqrt(vi) / sqrt(bc2) + eps);
}
