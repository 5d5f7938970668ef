package dev.kiln.reference;

import java.util.List;

/**
 * One op of one reference call: created for the call by {@link ReferenceKinds} (so it may keep in its
 * fields what its forward leaves for its backward, as max pooling's argmax), it runs the op's naive
 * loops on {@code (N, size)} batch buffers in double. Activations are not its business: the network
 * applies them after {@link #forward} and differentiates them before {@link #backward}.
 *
 * <p>The scale methods carry every value's error scale ({@link ErrorBound}): how far a float
 * computation of it may stray. They run after the value methods of the same call.
 */
interface ReferenceLayer {

    /** Writes the pre-activation {@code z} from the inputs {@code xs} (one array per input, in order). */
    void forward(List<double[]> xs, double[] z);

    /**
     * From {@code dz}, the gradient with respect to the pre-activation: adds the parameter gradients
     * into {@code grads} and assigns each input's gradient into {@code dxs} (zeros on entry).
     */
    void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs);

    /** Writes the pre-activation's error scale {@code ez} from the inputs' scales {@code exs}. */
    void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez);

    /**
     * Writes the error scales of the input gradients into {@code edxs} (zeros on entry) and of the
     * parameter gradients into {@code gradScales}, from {@code edz}, the scale of {@code dz}.
     */
    void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                       double[] gradScales, List<double[]> edxs);
}
