package dev.kiln.runtime.optim;

import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A learning-rate factor per parameter tensor, merged into runs of neighbouring tensors with the
 * same factor: what a backend needs to update only what learns (a factor 0 is a frozen tensor,
 * which the update skips entirely, so it stays bit for bit as it was).
 */
public final class ParamGroups {
    /** Contiguous parameters {@code [offset, offset + size)} updated with {@code factor} times the rate. */
    public record Range(int offset, int size, double factor) {
    }

    private final double[] factors;
    private final List<Range> ranges;

    /**
     * Groups the learning-rate factors of {@code spec}'s parameter tensors into ranges of equal factor.
     *
     * @param factors one per {@link NetworkSpec#params()} entry, each at least 0
     */
    public ParamGroups(NetworkSpec spec, double[] factors) {
        if (factors.length != spec.params().size()) {
            throw new IllegalArgumentException(spec.simpleName() + " has " + spec.params().size()
                    + " parameter tensors but " + factors.length + " factors were given");
        }
        this.factors = factors.clone();
        List<Range> out = new ArrayList<>();
        for (int i = 0; i < factors.length; i++) {
            if (!(factors[i] >= 0) || Double.isInfinite(factors[i])) {
                throw new IllegalArgumentException("a learning-rate factor must be finite and at least 0, not " + factors[i]);
            }
            ParamSpec p = spec.params().get(i);
            Range last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.factor() == factors[i] && last.offset() + last.size() == p.offset()) {
                out.set(out.size() - 1, new Range(last.offset(), last.size() + p.size(), factors[i]));
            } else {
                out.add(new Range(p.offset(), p.size(), factors[i]));
            }
        }
        this.ranges = List.copyOf(out);
    }

    /** Every range, frozen ones (factor 0) included, in parameter order. */
    public List<Range> ranges() {
        return ranges;
    }

    /** The ranges an update must touch: factor above 0. */
    public List<Range> learning() {
        return ranges.stream().filter(r -> r.factor() > 0).toList();
    }

    /** The factor of parameter tensor {@code index}. */
    public double factor(int index) {
        return factors[index];
    }

    /** Per layer of {@code spec} (the spec these groups were made for): whether it has parameters and all are frozen. */
    public boolean[] frozenLayers(NetworkSpec spec) {
        boolean[] frozen = new boolean[spec.layers().size()];
        boolean[] learns = new boolean[frozen.length];
        for (int i = 0; i < factors.length; i++) {
            int layer = spec.params().get(i).layerIndex();
            frozen[layer] = true;
            learns[layer] |= factors[i] > 0;
        }
        for (int l = 0; l < frozen.length; l++) {
            frozen[l] &= !learns[l];
        }
        return frozen;
    }

    /** Whether every tensor learns at the base rate. */
    public boolean isUniform() {
        return ranges.size() == 1 && ranges.get(0).factor() == 1.0;
    }

    /** The name of the layer a parameter belongs to. */
    public static String layerOf(NetworkSpec spec, ParamSpec p) {
        return spec.layers().get(p.layerIndex()).name();
    }
}
