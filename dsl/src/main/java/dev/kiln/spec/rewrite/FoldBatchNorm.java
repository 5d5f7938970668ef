package dev.kiln.spec.rewrite;

import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inference pass that folds each batch norm into the layer before it ({@link Fold}) and fuses the
 * norm's activation into that layer: a layer whose {@link Op#withBatchNormFolded} allows it (a conv or
 * dense layer without an activation of its own), whose output only one batch norm reads and which is not
 * the network's output, becomes that layer with the folded weights, a bias and the norm's activation;
 * the norm goes, and what read it reads the layer. Training never runs it: a batch norm trains on batch
 * statistics, which no fixed weights can hold.
 */
public final class FoldBatchNorm {
    private FoldBatchNorm() {
    }

    /** {@code spec} with every foldable batch norm folded. */
    public static Rewrite apply(NetworkSpec spec) {
        List<Op> layers = spec.layers();
        int n = layers.size();
        Map<String, List<Integer>> readers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (String t : layers.get(i).inputs()) {
                readers.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
            }
        }
        // norm index -> the layer it folds into; layer index -> its fused op
        Map<Integer, Integer> foldedNorms = new HashMap<>();
        Map<Integer, Op> fused = new HashMap<>();
        for (int i = 0; i < n - 1; i++) {
            List<Integer> r = readers.getOrDefault(layers.get(i).name(), List.of());
            if (r.size() != 1 || !(layers.get(r.get(0)) instanceof BatchNormOp norm)) {
                continue;
            }
            Optional<Op> op = layers.get(i).withBatchNormFolded(norm.activation());
            if (op.isPresent()) {
                foldedNorms.put(r.get(0), i);
                fused.put(i, op.get());
            }
        }
        if (fused.isEmpty()) {
            return Rewrite.identity(spec);
        }
        // what read a folded norm reads the layer it was folded into
        Map<String, String> renamed = new HashMap<>();
        foldedNorms.forEach((norm, layer) -> renamed.put(layers.get(norm).name(), layers.get(layer).name()));
        List<Op> out = new ArrayList<>();
        List<Rewrite.Source> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (foldedNorms.containsKey(i)) {
                continue;
            }
            Op op = fused.getOrDefault(i, layers.get(i));
            List<String> inputs = op.inputs().stream().map(t -> renamed.getOrDefault(t, t)).toList();
            out.add(inputs.equals(op.inputs()) ? op : op.withInputs(inputs));
            sources.add(fused.containsKey(i) ? new Rewrite.Source.Folded(new Fold(spec, i, normOf(foldedNorms, i)))
                    : new Rewrite.Source.Kept(i));
        }
        return new Rewrite(spec, new NetworkSpec(spec.qualifiedName(), spec.input(), spec.loss(), out), sources);
    }

    private static int normOf(Map<Integer, Integer> foldedNorms, int layer) {
        for (Map.Entry<Integer, Integer> e : foldedNorms.entrySet()) {
            if (e.getValue() == layer) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("no norm folds into layer " + layer);
    }
}
