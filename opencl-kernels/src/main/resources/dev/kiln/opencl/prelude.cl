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
    return x;
}

/* The gradient with respect to the pre-activation of act, from the output y and its gradient g. */
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
    return g;
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
