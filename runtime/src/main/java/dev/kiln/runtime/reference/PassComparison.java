package dev.kiln.runtime.reference;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Rung 4 of the verification ladder as a tool: a float implementation (a generated
 * {@link JavaPass}, or any {@link Backend}) against the double reference on the same parameters
 * and batch. Every quantity (each layer's output, each parameter tensor's gradient, the input
 * gradient) is compared element by element with the reference's per-element error bound
 * ({@link ErrorBound}: {@code |actual - expected| <= C eps scale + tiny}, the scale computed by the
 * reference next to each value), so that a small tensor is held to its own size; the loss, a
 * scalar, with {@link Tolerance#LOSS}. The report keeps each quantity's worst element.
 */
public final class PassComparison {
    /** A tolerance of the form {@code atol + rtol |expected|}, for the loss. */
    public record Tolerance(double atol, double rtol) {
        /** The loss: 1e-4 relative, with an absolute floor for a loss near zero. */
        public static final Tolerance LOSS = new Tolerance(1e-5, 1e-4);

        /**
         * The error as a multiple of what is allowed: at most 1 passes. Equal values (infinities,
         * NaN against NaN) give 0; NaN against a number gives infinity.
         */
        public double ratio(double expected, double actual) {
            if (Double.compare(expected, actual) == 0) {
                return 0;
            }
            double diff = Math.abs(actual - expected);
            return Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / (atol + rtol * Math.abs(expected));
        }
    }

    /** The worst element of one quantity: where it is, both values, and its error over the tolerance. */
    public record Entry(String quantity, int index, double expected, double actual, double ratio) {
        public boolean passed() {
            return ratio <= 1;
        }

        @Override
        public String toString() {
            return (passed() ? "ok   " : "FAIL ") + quantity + "[" + index + "]: expected " + expected + ", got "
                    + actual + " (" + String.format(java.util.Locale.ROOT, "%.3g", ratio) + " x the allowed error)";
        }
    }

    /** Every quantity's worst element. */
    public record Report(List<Entry> entries) {
        public Report {
            entries = List.copyOf(entries);
        }

        public boolean passed() {
            return entries.stream().allMatch(Entry::passed);
        }

        /** The largest error over its tolerance; at most 1 when everything passed. */
        public double worstRatio() {
            return entries.stream().mapToDouble(Entry::ratio).max().orElse(0);
        }

        /** The failing quantities only, or a one-line summary when none fails. */
        public String failures() {
            List<String> failing = entries.stream().filter(e -> !e.passed()).map(Entry::toString).toList();
            return failing.isEmpty() ? "all " + entries.size() + " quantities within tolerance" : String.join("\n", failing);
        }

        @Override
        public String toString() {
            return String.join("\n", entries.stream().map(Entry::toString).toList());
        }
    }

    private PassComparison() {
    }

    /**
     * Runs {@code pass} (planned for at least {@code batch}) and the reference on the same data:
     * forward, loss, backward into zeroed gradients.
     */
    public static Report compare(NetworkSpec spec, JavaPass pass, float[] params, float[] input, int batch,
                                 int[] labels, float[] targets, boolean training, long seed) {
        ReferenceNetwork.Gradients ref = reference(spec, params, input, batch, labels, targets, training, seed);
        ReferenceNetwork.Scales scales = ref.scales();
        List<Entry> entries = new ArrayList<>();
        pass.forward(params, input, batch, training, seed);
        // each layer
        for (int i = 0; i < spec.layers().size(); i++) {
            entries.add(worst("output of " + spec.layers().get(i).name(), ref.outputs()[i], scales.outputs()[i], 0,
                    pass.layerOutput(i), 0, ref.outputs()[i].length, null));
        }
        double loss = pass.loss(labels, targets, batch);
        entries.add(new Entry("loss", 0, ref.loss(), loss, Tolerance.LOSS.ratio(ref.loss(), loss)));
        float[] grads = new float[spec.parameterCount()];
        float[] inputGrad = new float[ref.input().length];
        pass.backward(params, grads, inputGrad, batch);
        addParameterGradients(spec, ref, grads, null, entries);
        entries.add(worst("input gradient", ref.input(), scales.input(), 0, inputGrad, 0, ref.input().length, null));
        return new Report(entries);
    }

    /**
     * Compares a backend through its public interface: every layer's inference output, then one
     * training step's loss and outputs, and its parameter gradients read back from the step. The
     * backend must have been made with plain SGD ({@code OptimizerConfig.sgd().build()}): the
     * step runs with learning rate 1, so the gradient is {@code params - after}, whose rounding
     * (one float ulp of the parameter, one of the gradient) is allowed on top of each element's
     * bound. The backend's parameters are set to {@code params} before and again after.
     */
    public static Report compareBackend(Backend backend, float[] params, float[] input, int batch, int[] labels,
                                        float[] targets, long seed) {
        NetworkSpec spec = backend.spec();
        List<Entry> entries = new ArrayList<>();
        backend.setParameters(params);
        ReferenceNetwork network = new ReferenceNetwork(spec);
        ReferenceNetwork.ScaledOutputs inference = network.forwardWithScales(Floats.widen(params, params.length),
                network.initialState(), Floats.widen(input, Math.toIntExact(batch * spec.input().size())), batch, false, seed);
        // each layer
        for (int i = 0; i < spec.layers().size(); i++) {
            float[] out = new float[inference.outputs()[i].length];
            backend.layerOutput(i, input, batch, out);
            entries.add(worst("inference output of " + spec.layers().get(i).name(), inference.outputs()[i],
                    inference.scales()[i], 0, out, 0, out.length, null));
        }
        ReferenceNetwork.Gradients ref = reference(spec, params, input, batch, labels, targets, true, seed);
        int last = ref.outputs().length - 1;
        double[] refOutput = ref.outputs()[last];
        float[] outputs = new float[refOutput.length];
        double loss = backend.trainStep(input, labels, targets, batch, 1.0, seed, outputs);
        entries.add(worst("training output", refOutput, ref.scales().outputs()[last], 0, outputs, 0, outputs.length, null));
        entries.add(new Entry("loss", 0, ref.loss(), loss, Tolerance.LOSS.ratio(ref.loss(), loss)));
        float[] after = new float[params.length];
        backend.getParameters(after);
        float[] grads = new float[params.length];
        // each parameter: what a step of rate 1 took away
        for (int i = 0; i < grads.length; i++) {
            grads[i] = (float) ((double) params[i] - after[i]);
        }
        addParameterGradients(spec, ref, grads, params, entries);
        backend.setParameters(params);
        return new Report(entries);
    }

    private static ReferenceNetwork.Gradients reference(NetworkSpec spec, float[] params, float[] input, int batch,
                                                        int[] labels, float[] targets, boolean training, long seed) {
        double[] t = targets == null ? null : Floats.widen(targets, batch * spec.output().intSize());
        ReferenceNetwork network = new ReferenceNetwork(spec);
        return network.gradientsWithScales(Floats.widen(params, spec.parameterCount()), network.initialState(),
                Floats.widen(input, Math.toIntExact(batch * spec.input().size())), batch, labels, t, training, seed);
    }

    /** Each parameter tensor on its own; {@code steppedFrom}, when not null, adds the rounding of {@code p - (p - grad)}. */
    private static void addParameterGradients(NetworkSpec spec, ReferenceNetwork.Gradients ref, float[] grads,
                                              float[] steppedFrom, List<Entry> entries) {
        for (ParamSpec p : spec.params()) {
            entries.add(worst(p.name() + " gradient", ref.params(), ref.scales().params(), p.offset(), grads, p.offset(),
                    p.size(), steppedFrom));
        }
    }

    /**
     * The worst of {@code length} elements, {@code expected} and {@code scales} from {@code from},
     * {@code actual} from {@code actualFrom}, as a multiple of each element's bound.
     */
    private static Entry worst(String quantity, double[] expected, double[] scales, int from, float[] actual, int actualFrom,
                               int length, float[] steppedFrom) {
        if (actual.length < actualFrom + length) {
            int have = Math.max(0, actual.length - actualFrom);
            return new Entry(quantity + " (only " + have + " of " + length + " values)", have,
                    expected[from + have], Double.NaN, Double.POSITIVE_INFINITY);
        }
        int at = 0;
        double worst = -1;
        // each element
        for (int i = 0; i < length; i++) {
            double e = expected[from + i];
            double a = actual[actualFrom + i];
            double r;
            if (Double.compare(e, a) == 0) {
                r = 0;
            } else {
                double allowed = ErrorBound.allowed(scales[from + i]);
                if (steppedFrom != null) {
                    allowed += Math.ulp(steppedFrom[actualFrom + i]) + Math.ulp((float) e);
                }
                double diff = Math.abs(a - e);
                r = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / allowed;
            }
            if (r > worst) {
                worst = r;
                at = i;
            }
        }
        return length == 0 ? new Entry(quantity, 0, 0, 0, 0)
                : new Entry(quantity, at, expected[from + at], actual[actualFrom + at], worst);
    }
}
