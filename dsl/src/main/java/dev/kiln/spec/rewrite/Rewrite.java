package dev.kiln.spec.rewrite;

import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A network after graph passes, with what ties it to the network it came from: for each of its
 * layers the {@link Source} (an original op kept as it was, apart from what it reads, or a
 * {@link Fold}), and the parameter transform that gives its flat parameters and state from the
 * original's. Backends run the rewritten graph for inference; the reference runs the original,
 * which is how the passes are checked.
 */
public final class Rewrite {
    private final NetworkSpec original;
    private final NetworkSpec spec;
    private final List<Source> sources;

    /** Where a rewritten layer comes from. */
    public sealed interface Source {
        /** The original layer {@code index}, unchanged but for the tensors it reads: the same parameters. */
        record Kept(int index) implements Source {
        }

        /** A layer with a batch norm folded in: new weights from {@link Fold#apply}. */
        record Folded(Fold fold) implements Source {
        }
    }

    Rewrite(NetworkSpec original, NetworkSpec spec, List<Source> sources) {
        if (sources.size() != spec.layers().size()) {
            throw new IllegalArgumentException(sources.size() + " sources for " + spec.layers().size() + " layers");
        }
        this.original = original;
        this.spec = spec;
        this.sources = List.copyOf(sources);
    }

    /** {@code spec} unchanged. */
    public static Rewrite identity(NetworkSpec spec) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            sources.add(new Source.Kept(i));
        }
        return new Rewrite(spec, spec, sources);
    }

    /** The network the passes started from. */
    public NetworkSpec original() {
        return original;
    }

    /** The rewritten network. */
    public NetworkSpec spec() {
        return spec;
    }

    /** One source per layer of {@link #spec()}, in order. */
    public List<Source> sources() {
        return sources;
    }

    /** The folds, in the rewritten network's order. */
    public List<Fold> folds() {
        List<Fold> out = new ArrayList<>();
        for (Source s : sources) {
            if (s instanceof Source.Folded f) {
                out.add(f.fold());
            }
        }
        return out;
    }

    /** Whether the passes changed nothing. */
    public boolean isIdentity() {
        return spec == original;
    }

    /**
     * The original layer whose output rewritten layer {@code index} computes: the kept layer itself, or a
     * fold's batch norm (a folded layer's output is what its norm's was).
     */
    public int originalOutput(int index) {
        Source s = sources.get(index);
        if (s instanceof Source.Folded f) {
            return f.fold().norm();
        }
        return ((Source.Kept) s).index();
    }

    /** The rewritten network's flat parameters ({@link NetworkSpec#params()} of {@link #spec()}) from the original's. */
    public float[] parameters(float[] params, float[] state) {
        requireLength("parameters", params, original.parameterCount());
        requireLength("running statistics", state, original.stateCount());
        float[] out = new float[spec.parameterCount()];
        for (int j = 0; j < sources.size(); j++) {
            Op op = spec.layers().get(j);
            Source s = sources.get(j);
            if (s instanceof Source.Folded f) {
                f.fold().apply(params, state, out, spec.param(op.name() + ".weight").offset(), spec.param(op.name() + ".bias").offset());
            } else {
                copy(spec.params(), j, original.params(), params, out);
            }
        }
        return out;
    }

    /** The rewritten network's flat state (the running statistics of the norms it keeps) from the original's. */
    public float[] state(float[] state) {
        requireLength("running statistics", state, original.stateCount());
        float[] out = new float[spec.stateCount()];
        for (int j = 0; j < sources.size(); j++) {
            copy(spec.state(), j, original.state(), state, out);
        }
        return out;
    }

    /** Copies layer {@code j}'s tensors of {@code to} from the same-named ones of {@code from}. */
    private static void copy(List<ParamSpec> to, int j, List<ParamSpec> from, float[] values, float[] out) {
        for (ParamSpec p : to) {
            if (p.layerIndex() != j) {
                continue;
            }
            ParamSpec q = from.stream().filter(o -> o.name().equals(p.name())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no original tensor " + p.name()));
            System.arraycopy(values, q.offset(), out, p.offset(), p.size());
        }
    }

    private void requireLength(String what, float[] values, int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(original.simpleName() + " has " + expected + " " + what + ", not " + values.length);
        }
    }
}
