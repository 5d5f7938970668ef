/*
 * The prelude of every Kiln OpenCL program: the processor's template loader (KernelSources)
 * puts it once before the templates' instances, after the constants it takes from the DSL
 * (KILN_LEAKY_SLOPE, dev.kiln.dsl.Activation.LEAKY_RELU_SLOPE). What more than one template needs
 * lives here and nowhere else: the real type, the activations and their derivatives, index helpers
 * and the window arithmetic of convolution and pooling.
 */
#ifndef KILN_LEAKY_SLOPE
#define KILN_LEAKY_SLOPE 0.01f // the negative slope of leaky ReLU; the loader defines it from Activation
#endif

#define KILN_CAT_(a, b) a##b
#define KILN_CAT(a, b) KILN_CAT_(a, b) // PREFIX-ed names: KILN_CAT(PREFIX, _forward)
typedef float real;

/* Activation codes, as the processor's KernelCodes.Act writes them into ACT. */
#define KILN_ACT_NONE 0
#define KILN_ACT_RELU 1
#define KILN_ACT_LEAKY_RELU 2
#define KILN_ACT_SIGMOID 3
#define KILN_ACT_TANH 4
#define KILN_ACT_RELU6 5
#define KILN_ACT_HARD_SWISH 6
#define KILN_ACT_HARD_SIGMOID 7
#define KILN_ACT_SILU 8
#define KILN_ACT_GELU 9

/* The activation act of x; act is a compile-time constant where it is called, so the branches fold away. */
inline real kiln_act(const int act, const real x) {
    if (act == KILN_ACT_RELU) {
        return x > 0 ? x : (real) 0;
    }
    if (act == KILN_ACT_LEAKY_RELU) {
        return x > 0 ? x : (real) KILN_LEAKY_SLOPE * x;
    }
    if (act == KILN_ACT_SIGMOID) {
        return (real) 1 / ((real) 1 + exp(-x));
    }
    if (act == KILN_ACT_TANH) {
        return tanh(x);
    }
    if (act == KILN_ACT_RELU6) {
        return fmin(fmax(x, (real) 0), (real) 6);
    }
    if (act == KILN_ACT_HARD_SIGMOID) {
        return fmin(fmax(x + (real) 3, (real) 0), (real) 6) / (real) 6;
    }
    if (act == KILN_ACT_HARD_SWISH) {
        return x * fmin(fmax(x + (real) 3, (real) 0), (real) 6) / (real) 6;
    }
    if (act == KILN_ACT_SILU) {
        return x / ((real) 1 + exp(-x));
    }
    if (act == KILN_ACT_GELU) {
        /* x Phi(x), Phi(x) = erfc(-x / sqrt 2) / 2: erfc keeps its accuracy in the left tail, where 1 + erf cancels */
        return x * (real) 0.5 * erfc(-x * (real) M_SQRT1_2_F);
    }
    return x;
}

/*
 * The gradient with respect to the pre-activation of act, from the output y and its gradient g. Hard swish,
 * SiLU and GELU take one value at two inputs with different slopes: their gradient needs the pre-activation
 * (kiln_act_dz_at_input), and the planner never asks this function for it (NaN if it did).
 */
inline real kiln_act_dz(const int act, const real g, const real y) {
    if (act == KILN_ACT_RELU) {
        return y > 0 ? g : (real) 0;
    }
    if (act == KILN_ACT_LEAKY_RELU) {
        return y > 0 ? g : (real) KILN_LEAKY_SLOPE * g;
    }
    if (act == KILN_ACT_SIGMOID) {
        return g * y * ((real) 1 - y);
    }
    if (act == KILN_ACT_TANH) {
        return g * ((real) 1 - y * y);
    }
    if (act == KILN_ACT_RELU6) {
        return y > 0 && y < (real) 6 ? g : (real) 0;
    }
    if (act == KILN_ACT_HARD_SIGMOID) {
        return y > 0 && y < (real) 1 ? g / (real) 6 : (real) 0;
    }
    if (act == KILN_ACT_HARD_SWISH || act == KILN_ACT_SILU || act == KILN_ACT_GELU) {
        return NAN;
    }
    return g;
}

/*
 * The gradient with respect to the pre-activation z of act, from z and the output's gradient g, with
 * PyTorch's slopes: hard swish 0 up to -3, z/3 + 1/2 below 3, 1 from 3; SiLU s (1 + z (1 - s)), s = sigmoid(z);
 * GELU Phi(z) + z phi(z). (Every activation has one; activation.cl uses it for those kiln_act_dz cannot do.)
 */
inline real kiln_act_dz_at_input(const int act, const real g, const real z) {
    if (act == KILN_ACT_HARD_SWISH) {
        return z <= (real) -3 ? (real) 0 : z < (real) 3 ? g * (z / (real) 3 + (real) 0.5) : g;
    }
    if (act == KILN_ACT_SILU) {
        const real s = (real) 1 / ((real) 1 + exp(-z));
        return g * s * ((real) 1 + z * ((real) 1 - s));
    }
    if (act == KILN_ACT_GELU) {
        const real cdf = (real) 0.5 * erfc(-z * (real) M_SQRT1_2_F);
        return g * (cdf + z * exp((real) -0.5 * z * z) * (real) (M_2_SQRTPI_F * M_SQRT1_2_F * 0.5f));
    }
    return kiln_act_dz(act, g, kiln_act(act, z));
}

/*
 * For a template with parameters ACT and DOUT_IS_DZ: its activation of x, and the gradient with
 * respect to its pre-activation from its output y and the incoming gradient g (which already is
 * that gradient when DOUT_IS_DZ is 1: the loss kernel folded the derivative in).
 */
#define KILN_ACT(x) kiln_act(ACT, (x))
#define KILN_DZ(g, y) kiln_act_dz(DOUT_IS_DZ ? KILN_ACT_NONE : ACT, (g), (y))

/* floor(a / b) for b > 0 and any sign of a. */
inline int kiln_floordiv(const int a, const int b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/*
 * The window arithmetic, for a template with parameters SH, SW (stride), PT, PL (padding at the
 * top and left) and DH, DW (dilation): the input row that kernel row kh of output row oh reads,
 * and the input column that kernel column kw of output column ow reads; outside [0, IH) and
 * [0, IW) they are in the padding. (dev.kiln.spec.Window's inputRow and inputColumn, in Java.)
 */
#define KILN_WINDOW_ROW(oh, kh) ((oh) * SH - PT + (kh) * DH)
#define KILN_WINDOW_COL(ow, kw) ((ow) * SW - PL + (kw) * DW)
