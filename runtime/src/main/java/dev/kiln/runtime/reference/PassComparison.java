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
 * and batch. Every quantity (each layer's output, the loss, each parameter tensor's gradient, the
 * input gradient) is compared element by element with {@code |actual - expected| <= atol + rtol |expected|},
 * values and gradients with their own {@link Tolerance}, and the report keeps each quantity's worst element.
 */
public final class PassComparison {
    /** A tolerance of the form {@code atol + rtol |expected|}. */
    public record Tolerance(double atol, double rtol) {
        /** Forward values: 1e-4 relative, with an absolute floor for values near zero. */
        public static final Tolerance VALUES = new Tolerance(1e-5, 1e-4);
        /** Gradients: 1e-4 relative, with a smaller floor (mean-over-batch gradients are small). */
        public static final Tolerance GRADIENTS = new Tolerance(1e-6, 1e-4);

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
                    + actual + " (" + String.format(java.util.Locale.ROOT, "%.3g", ratio) + " x the tolerance)";
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
                                 int[] labels, float[] targets, boolean training, long seed, Tolerance values,
                                 Tolerance gradients) {
        ReferenceNetwork.Gradients ref = reference(spec, params, input, batch, labels, targets, training, seed);
        List<Entry> entries = new ArrayList<>();
        pass.forward(params, input, batch, training, seed);
        // each layer
        for (int i = 0; i < spec.layers().size(); i++) {
            entries.add(worst("output of " + spec.layers().get(i).name(), ref.outputs()[i], pass.layerOutput(i),
                    ref.outputs()[i].length, values));
        }
        double loss = pass.loss(labels, targets, batch);
        entries.add(new Entry("loss", 0, ref.loss(), loss, values.ratio(ref.loss(), loss)));
        float[] grads = new float[spec.parameterCount()];
        float[] inputGrad = new float[ref.input().length];
        pass.backward(params, grads, inputGrad, batch);
        addParameterGradients(spec, ref, grads, gradients, entries);
        entries.add(worst("input gradient", ref.input(), inputGrad, ref.input().length, gradients));
        return new Report(entries);
    }

    /**
     * Compares a backend through its public interface: every layer's inference output, then one
     * training step's loss and outputs, and its parameter gradients read back from the step. The
     * backend must have been made with plain SGD ({@code OptimizerConfig.sgd(0, false, 0)}): the
     * step runs with learning rate 1, so the gradient is {@code params - after}, known to about
     * one float ulp of each parameter (choose the gradients' {@code atol} accordingly). The
     * backend's parameters are set to {@code params} before and again after.
     */
    public static Report compareBackend(Backend backend, float[] params, float[] input, int batch, int[] labels,
                                        float[] targets, long seed, Tolerance values, Tolerance gradients) {
        NetworkSpec spec = backend.spec();
        List<Entry> entries = new ArrayList<>();
        backend.setParameters(params);
        double[][] inference = new ReferenceNetwork(spec).forward(Floats.widen(params, params.length),
                Floats.widen(input, Math.toIntExact(batch * spec.input().size())), batch, false, seed);
        // each layer
        for (int i = 0; i < spec.layers().size(); i++) {
            float[] out = new float[inference[i].length];
            backend.layerOutput(i, input, batch, out);
            entries.add(worst("inference output of " + spec.layers().get(i).name(), inference[i], out, out.length,
                    values));
        }
        ReferenceNetwork.Gradients ref = reference(spec, params, input, batch, labels, targets, true, seed);
        double[] refOutput = ref.outputs()[ref.outputs().length - 1];
        float[] outputs = new float[refOutput.length];
        double loss = backend.trainStep(input, labels, targets, batch, 1.0, seed, outputs);
        entries.add(worst("training output", refOutput, outputs, outputs.length, values));
        entries.add(new Entry("loss", 0, ref.loss(), loss, values.ratio(ref.loss(), loss)));
        float[] after = new float[params.length];
        backend.getParameters(after);
        float[] grads = new float[params.length];
        // each parameter: what a step of rate 1 took away
        for (int i = 0; i < grads.length; i++) {
            grads[i] = (float) ((double) params[i] - after[i]);
        }
        addParameterGradients(spec, ref, grads, gradients, entries);
        backend.setParameters(params);
        return new Report(entries);
    }

    private static ReferenceNetwork.Gradients reference(NetworkSpec spec, float[] params, float[] input, int batch,
                                                        int[] labels, float[] targets, boolean training, long seed) {
        double[] t = targets == null ? null : Floats.widen(targets, batch * spec.output().intSize());
        return new ReferenceNetwork(spec).gradients(Floats.widen(params, spec.parameterCount()),
                Floats.widen(input, Math.toIntExact(batch * spec.input().size())), batch, labels, t, training, seed);
    }

    private static void addParameterGradients(NetworkSpec spec, ReferenceNetwork.Gradients ref, float[] grads,
                                              Tolerance tolerance, List<Entry> entries) {
        for (ParamSpec p : spec.params()) {
            double[] expected = new double[p.size()];
            float[] actual = new float[p.size()];
            System.arraycopy(ref.params(), p.offset(), expected, 0, p.size());
            System.arraycopy(grads, p.offset(), actual, 0, p.size());
            entries.add(worst(p.name() + " gradient", expected, actual, p.size(), tolerance));
        }
    }

    private static Entry worst(String quantity, double[] expected, float[] actual, int length, Tolerance tolerance) {
        if (actual.length < length) {
            return new Entry(quantity + " (only " + actual.length + " of " + length + " values)", actual.length,
                    expected[actual.length], Double.NaN, Double.POSITIVE_INFINITY);
        }
        int at = 0;
        double worst = -1;
        // each element
        for (int i = 0; i < length; i++) {
            double r = tolerance.ratio(expected[i], actual[i]);
            if (r > worst) {
                worst = r;
                at = i;
            }
        }
        return length == 0 ? new Entry(quantity, 0, 0, 0, 0) : new Entry(quantity, at, expected[at], actual[at], worst);
    }
}
