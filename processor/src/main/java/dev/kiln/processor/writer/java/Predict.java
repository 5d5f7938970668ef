package dev.kiln.processor.writer.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.dsl.Activation;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Schedule.Read;
import dev.kiln.spec.Schedule.Segment;
import dev.kiln.spec.Schedule.Step;
import dev.kiln.spec.Schedule;
import dev.kiln.spec.rewrite.InferencePasses;
import dev.kiln.spec.rewrite.Rewrite.Source;
import dev.kiln.spec.rewrite.Rewrite;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The generated {@code predict}: inference that keeps only the output, run lean where it can (a tile of
 * images' intermediate outputs in small per-worker buffers that stay in the cache, instead of the
 * batch-sized ones; writing those to memory cost more than the convolutions: FashionCnn's conv1 took
 * 26 us per image writing into the cache, 70 writing its batch buffer).
 *
 * <p>With batch-norm folding on (the default) it runs the network's inference rewrite
 * ({@link InferencePasses}: each batch norm folded into the conv or dense layer before it), whose folded
 * weights its first statements compute from the current parameters and running statistics; with folding
 * off ({@code setBatchNormFolding(false)}) it runs the network's own graph, bit for bit as {@code forward}
 * at inference. A network the rewrite does not change has the second only.
 */
final class Predict {
    private static final TypeName TASK = JavaPassWriter.WORKER_POOL.nestedClass("Task");

    private final Passes passes;
    private final PredictGraph plain;
    /** The rewritten graph's predict, or null when the rewrite changes nothing. */
    private final PredictGraph folded;
    private final List<FoldableCode> folds = new ArrayList<>();
    /** Floats of the folded weights, 0 if nothing folds. */
    private final long foldedSize;

    Predict(NetworkSpec spec, Passes passes, StepGraph graph) {
        this.passes = passes;
        this.plain = new PredictGraph(graph, "predictSegment", "TileOut", "predictTasks", false);
        Rewrite rewrite = InferencePasses.of(spec);
        long at = 0;
        if (rewrite.isIdentity()) {
            this.folded = null;
        } else {
            List<LayerCode> codes = new ArrayList<>();
            List<LayerContext> contexts = new ArrayList<>();
            for (Source s : rewrite.sources()) {
                if (s instanceof Source.Folded f) {
                    FoldableCode target = graph.codes().get(f.fold().layer()).foldable();
                    LayerContext norm = graph.contexts().get(f.fold().norm());
                    target.foldInto(norm, at);
                    at += target.foldedSize();
                    folds.add(target);
                    codes.add(new FoldedStep(target, graph.contexts().get(f.fold().layer()).name() + " with " + norm.name()
                            + " folded in"));
                    contexts.add(norm);
                } else {
                    int o = ((Source.Kept) s).index();
                    codes.add(graph.codes().get(o));
                    contexts.add(graph.contexts().get(o));
                }
            }
            StepGraph rewritten = new StepGraph(Schedule.of(rewrite.spec()), codes, contexts, graph.logits());
            this.folded = new PredictGraph(rewritten, "foldedSegment", "FoldedTileOut", "foldedTasks", true);
        }
        this.foldedSize = at;
    }

    /** Whether the pass gets its own {@code predict}: a segment can run lean, or a batch norm folds. */
    boolean hasPredict() {
        return !plain.lean().isEmpty() || folded != null;
    }

    void addFields(TypeSpec.Builder type) {
        if (!hasPredict()) {
            return;
        }
        plain.addFields(type);
        if (folded != null) {
            folded.addFields(type);
        }
        if (inputTile() > 0) {
            type.addField(FieldSpec.builder(float[][].class, "predictInput", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's copy of one tile of the input in predict.\n").build());
        }
        if (foldedSize > 0) {
            type.addField(FieldSpec.builder(float[].class, "folded", Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new float[$L]", foldedSize)
                    .addJavadoc("Predict's weights and biases of the layers with the batch norm after them folded in "
                            + "(dev.kiln.spec.rewrite.Fold), refreshed when the parameters or statistics changed (parametersChanged).\n").build());
            type.addField(FieldSpec.builder(boolean.class, "foldBatchNorm", Modifier.PRIVATE)
                    .initializer("true")
                    .addJavadoc("Whether predict folds those batch norms (setBatchNormFolding).\n").build());
            type.addMethod(MethodSpec.methodBuilder("setBatchNormFolding").addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC).addParameter(boolean.class, "fold")
                    .addStatement("this.foldBatchNorm = fold")
                    .addStatement("this.predictReady = false").build());
        }
        type.addField(FieldSpec.builder(boolean.class, "predictReady", Modifier.PRIVATE)
                .addJavadoc("Whether predict's folded and prepared weights match {@code predictParams} and the state (parametersChanged).\n")
                .build());
        type.addField(FieldSpec.builder(float[].class, "predictParams", Modifier.PRIVATE)
                .addJavadoc("The parameters predict last derived its weights from.\n").build());
        type.addMethod(MethodSpec.methodBuilder("parametersChanged").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addStatement("this.predictReady = false").build());
    }

    /** The pass's output fields predict writes (the others live in its arenas): plan allocates these, the first forward the rest. */
    java.util.Set<String> predictFields() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (hasPredict()) {
            out.addAll(plain.fields());
            if (folded != null) {
                out.addAll(folded.fields());
            }
        }
        return out;
    }

    /** Images the largest tile that reads the input holds, 0 if none does. */
    private long inputTile() {
        long tile = plain.inputTile();
        return folded == null ? tile : Math.max(tile, folded.inputTile());
    }

    CodeBlock construction() {
        CodeBlock.Builder b = CodeBlock.builder();
        if (!hasPredict()) {
            return b.build();
        }
        plain.construction(b);
        if (folded != null) {
            folded.construction(b);
        }
        if (inputTile() > 0) {
            b.addStatement("this.predictInput = new float[workers][$L * INPUT_SIZE]", inputTile());
        }
        return b.build();
    }

    void addMethods(TypeSpec.Builder type) {
        if (!hasPredict()) {
            return;
        }
        CodeBlock.Builder body = passes.forwardPrologue("false", "0L", false);
        body.add("// the weights predict derives from the parameters and statistics, again only when they changed (parametersChanged)\n");
        body.beginControlFlow("if (!predictReady || params != predictParams)");
        body.add(passes.beforeForward());
        if (folded != null) {
            body.beginControlFlow("if (foldBatchNorm)");
            body.add("// the inference rewrite: each batch norm folded into the layer before it, from today's parameters and "
                    + "running statistics\n");
            for (FoldableCode f : folds) {
                body.add(f.foldStatement());
            }
            body.endControlFlow();
        }
        body.addStatement("this.predictReady = true");
        body.addStatement("this.predictParams = params");
        body.endControlFlow();
        if (folded != null) {
            body.beginControlFlow("if (foldBatchNorm)");
            folded.dispatch(body);
            body.nextControlFlow("else");
            plain.dispatch(body);
            body.endControlFlow();
        } else {
            plain.dispatch(body);
        }
        body.add("// only the output is complete: loss and backward need a forward first\n");
        body.addStatement("this.forwardBatch = 0");
        type.addMethod(MethodSpec.methodBuilder("predict").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(float[].class, "params").addParameter(float[].class, "input").addParameter(int.class, "batch")
                .addCode(body.build()).build());
        plain.addMethods(type);
        if (folded != null) {
            folded.addMethods(type);
        }
    }

    /**
     * Buffers for tensors by liveness, as an arena: tensor {@code i} (when {@code size[i] > 0}) is written at step
     * {@code birth[i]} and last read at step {@code last[i]}; tensors whose lives do not overlap share a slot. Returns the
     * slot of each tensor (-1: none) and adds the slots' sizes (the largest tensor each holds) to {@code slots}.
     */
    static int[] assignSlots(long[] size, int[] birth, int[] last, List<Long> slots) {
        int n = size.length;
        int[] slot = new int[n];
        java.util.Arrays.fill(slot, -1);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> birth[a] != birth[b] ? Integer.compare(birth[a], birth[b]) : Integer.compare(a, b));
        List<Integer> busyUntil = new ArrayList<>();
        for (int t : order) {
            if (size[t] == 0) {
                continue;
            }
            int best = -1;
            for (int k = 0; k < busyUntil.size(); k++) {
                if (busyUntil.get(k) >= birth[t]) {
                    continue;
                }
                // the free slot closest above the size, else the largest one (it grows)
                if (best < 0 || fits(slots.get(k), size[t], slots.get(best))) {
                    best = k;
                }
            }
            if (best < 0) {
                best = busyUntil.size();
                busyUntil.add(0);
                slots.add(0L);
            }
            busyUntil.set(best, last[t]);
            slots.set(best, Math.max(slots.get(best), size[t]));
            slot[t] = best;
        }
        return slot;
    }

    /** Whether a slot of {@code candidate} floats is a better home for {@code need} than one of {@code current}. */
    private static boolean fits(long candidate, long need, long current) {
        boolean c = candidate >= need;
        boolean k = current >= need;
        if (c != k) {
            return c;
        }
        return c ? candidate < current : candidate > current;
    }

    /**
     * A segment that {@code predict} runs lean: its tiled steps read only the network input and each
     * other, so a tile's intermediate outputs can live in small per-worker buffers. {@code keep} lists the
     * steps whose outputs something after the tile reads, copied out per tile.
     */
    private record Lean(int segment, int from, int end, long tile, boolean readsInput, List<Integer> keep) {
    }

    /** One graph's predict: its tasks, tile buffers and segment methods. */
    private final class PredictGraph {
        private final StepGraph g;
        private final String prefix;
        private final String tileRole;
        private final String tasks;
        /** Whether non-lean segments get methods of their own (the rewritten graph), or run forward's (the network's). */
        private final boolean ownSegments;
        private final List<Segment> inference;
        private final List<Lean> lean;
        /** Folded convs that also compute the two-input add reading them (residual fusion): conv step -> add step. */
        private final java.util.Map<Integer, Integer> fused;
        /** The conv steps predict splits over the workers when the batch is smaller than the pool. */
        private final List<Integer> splitting;
        /** Those of {@link #splitting} whose activation runs after their parts, as a dispatch of its own. */
        private final List<Integer> activatingAfter;
        /** Per step, the shared tile buffer its tile output lives in (-1: none), and those buffers' floats per worker. */
        private final int[] tileSlot;
        private final List<Long> tileSlots = new ArrayList<>();
        /** Per step, the arena buffer of the layer by layer order (-1: a field of the pass), and their floats per image. */
        private final int[] layerSlot;
        private final List<Long> layerSlots = new ArrayList<>();

        PredictGraph(StepGraph g, String prefix, String tileRole, String tasks, boolean ownSegments) {
            this.g = g;
            this.prefix = prefix;
            this.tileRole = tileRole;
            this.tasks = tasks;
            this.ownSegments = ownSegments;
            this.inference = g.schedule().segments(false);
            this.lean = leanSegments();
            this.fused = ownSegments ? residualFusions() : java.util.Map.of();
            this.splitting = new ArrayList<>();
            for (int i = 0; i < g.size(); i++) {
                if (conv(i) != null && conv(i).splits()) {
                    splitting.add(i);
                }
            }
            this.activatingAfter = splitting.stream().filter(i -> conv(i).activationAfterParts(isFolded(i)) != Activation.NONE).toList();
            this.tileSlot = new int[g.size()];
            java.util.Arrays.fill(tileSlot, -1);
            for (Lean l : lean) {
                List<Long> slots = new ArrayList<>();
                int[] slot = lifetimes(l.from(), l.end(), l.keep(), l.tile(), slots);
                for (int i = l.from(); i < l.end(); i++) {
                    tileSlot[i] = slot[i];
                }
                for (int k = 0; k < slots.size(); k++) {
                    if (k == tileSlots.size()) {
                        tileSlots.add(0L);
                    }
                    tileSlots.set(k, Math.max(tileSlots.get(k), slots.get(k)));
                }
            }
            // layer by layer: every step in the arena but the network's output (and the logits), which go to the pass's fields
            List<Integer> outputs = new ArrayList<>();
            for (int i = 0; i < g.size(); i++) {
                if (g.step(i).isOutput(g.schedule()) || (g.logits() && i == g.size() - 1)) {
                    outputs.add(i);
                }
            }
            this.layerSlot = lifetimes(0, g.size(), outputs, 1, layerSlots);
            for (int i : outputs) {
                layerSlot[i] = -1;
            }
        }

        /**
         * Arena slots for the outputs of steps {@code [from, to)}, {@code images} images each: a fused add's output is born at
         * its conv, a fused conv has none of its own, {@code live} stay to the end (copied out, or the pass's own fields).
         */
        private int[] lifetimes(int from, int to, List<Integer> live, long images, List<Long> slots) {
            long[] size = new long[g.size()];
            int[] birth = new int[g.size()];
            int[] last = new int[g.size()];
            for (int i = from; i < to; i++) {
                Step st = g.step(i);
                birth[i] = i;
                last[i] = i;
                for (int r : st.readers()) {
                    if (r < to) {
                        last[i] = Math.max(last[i], r);
                    }
                }
                if (live.contains(i)) {
                    last[i] = to;
                }
                size[i] = fused.containsKey(i) ? 0 : images * st.op().output().size();
            }
            for (java.util.Map.Entry<Integer, Integer> f : fused.entrySet()) {
                if (f.getValue() < to && f.getKey() >= from) {
                    birth[f.getValue()] = f.getKey();
                }
            }
            return assignSlots(size, birth, last, slots);
        }

        private String layerSlotField(int k) {
            return prefix + "LayerSlot" + k;
        }

        private String tileSlotName(int k) {
            return prefix + "TileSlot" + k;
        }

        /** Where the layer by layer order keeps step {@code i}'s output. */
        private String layerOut(int i) {
            return layerSlot[i] < 0 ? g.out(g.step(i)) : layerSlotField(layerSlot[i]);
        }

        private String layerIn(Read r) {
            return r.isInput() ? "stepInput" : layerOut(r.producer());
        }

        /** The pass's output fields predict writes (not in an arena): allocated by plan, the others by the first forward. */
        List<String> fields() {
            List<String> out = new ArrayList<>();
            for (int k = 0; k < inference.size(); k++) {
                Segment seg = inference.get(k);
                Lean l = lean(k);
                int from = l != null ? l.end() : seg.from();
                for (int i = from; i < seg.to(); i++) {
                    if (!fused.containsKey(i)) {
                        out.add(g.out(g.step(i)));
                    }
                }
                if (l != null) {
                    for (int i : l.keep()) {
                        out.add(g.out(g.step(i)));
                    }
                }
            }
            if (layerwise()) {
                for (int i = 0; i < g.size(); i++) {
                    if (layerSlot[i] < 0 && !fused.containsKey(i)) {
                        out.add(g.out(g.step(i)));
                    }
                }
            }
            if (g.logits()) {
                // the loss's activation writes the softmax or sigmoid from the logits into the last layer's own output
                out.add(g.contexts().get(g.size() - 1).outField());
            }
            return out;
        }

        private boolean isFolded(int i) {
            return g.codes().get(i) instanceof FoldedStep;
        }

        /** The conv code rendering step {@code i} (itself, or the conv a folded step runs), or null. */
        private ConvCode conv(int i) {
            LayerCode c = g.codes().get(i);
            if (c instanceof FoldedStep f) {
                return f.target() instanceof ConvCode conv ? conv : null;
            }
            return c instanceof ConvCode conv ? conv : null;
        }

        /**
         * The folded convs whose output is one operand of a two-input add (with no activation of its own, read by nothing
         * else) and the later of the two: predict runs conv, norm and add as one kernel call whose stores add the other
         * operand (computed before) and apply the add's activation, bit for bit the steps' result.
         */
        private java.util.Map<Integer, Integer> residualFusions() {
            java.util.Map<Integer, Integer> out = new java.util.TreeMap<>();
            for (int a = 0; a < g.size(); a++) {
                Step st = g.step(a);
                dev.kiln.dsl.Activation act = g.contexts().get(a).activation();
                if (!(st.op() instanceof dev.kiln.spec.AddOp) || st.reads().size() != 2 || st.isOutput(g.schedule())
                        || !(act == dev.kiln.dsl.Activation.NONE || act == dev.kiln.dsl.Activation.RELU)) {
                    continue;
                }
                Read x = st.reads().get(0);
                Read y = st.reads().get(1);
                if (x.isInput() || y.isInput() || x.producer() == y.producer()) {
                    continue;
                }
                int i = Math.max(x.producer(), y.producer());
                ConvCode conv = conv(i);
                if (conv == null || !isFolded(i) || !conv.splits() || !conv.storesActivation(true) || g.contexts().get(i).activation() != Activation.NONE
                        || !g.step(i).readers().equals(List.of(a))) {
                    continue;
                }
                conv.fuseResidual(g.contexts().get(a));
                out.put(i, a);
            }
            return out;
        }

        /** The add's operand other than step {@code conv}'s output. */
        private Read otherOperand(int add, int conv) {
            Step st = g.step(add);
            return st.reads().get(0).producer() == conv ? st.reads().get(1) : st.reads().get(0);
        }

        /**
         * Step {@code i}'s forward reading {@code ins}, writing {@code out}, for images {@code [n0, n1)} and part {@code part} of
         * {@code parts} (convs on the runtime kernels; the others run their images whole); a fused conv writes its add's output
         * ({@code res} the add's other operand), a fused add nothing.
         */
        private CodeBlock call(int i, List<String> ins, String out, String res, String n0, String n1, String part, String parts, String worker) {
            ConvCode conv = conv(i);
            if (fused.containsKey(i)) {
                return conv.residualForwardCall(ins.get(0), res, out, n0, n1, part, parts, worker);
            }
            if (conv != null && conv.kernel()) {
                return isFolded(i) ? conv.foldedForwardCall(ins.get(0), out, n0, n1, part, parts, worker)
                        : conv.forwardCall(ins.get(0), out, n0, n1, part, parts, worker);
            }
            return g.codes().get(i).forwardCall(g.contexts().get(i), ins, out);
        }

        /** Step {@code i} in forward buffers, whole images of the worker's slice: nothing for a fused add. */
        private CodeBlock plainCall(int i) {
            if (fused.containsValue(i)) {
                return CodeBlock.builder().build();
            }
            Step st = g.step(i);
            Integer add = fused.get(i);
            return add == null ? call(i, g.ins(st), g.out(st), null, "n0", "n1", "0", "1", "worker")
                    : call(i, g.ins(st), g.out(g.step(add)), g.in(otherOperand(add, i)), "n0", "n1", "0", "1", "worker");
        }

        List<Lean> lean() {
            return lean;
        }

        private List<Lean> leanSegments() {
            List<Lean> out = new ArrayList<>();
            for (int k = 0; k < inference.size(); k++) {
                Segment seg = inference.get(k);
                if (seg.startsAtSync(g.schedule(), false)) {
                    continue;
                }
                int end = g.tiledEnd(seg);
                if (end - seg.from() < 2) {
                    continue;
                }
                boolean inside = true;
                boolean readsInput = false;
                for (int i = seg.from(); i < end; i++) {
                    for (Read r : g.step(i).reads()) {
                        readsInput |= r.isInput();
                        inside &= r.isInput() || (r.producer() >= seg.from() && r.producer() < end);
                    }
                }
                if (!inside) {
                    continue;
                }
                List<Integer> keep = new ArrayList<>();
                for (int i = seg.from(); i < end; i++) {
                    Step st = g.step(i);
                    boolean readLater = st.readers().stream().anyMatch(j -> j >= end);
                    if (readLater || st.isOutput(g.schedule())) {
                        keep.add(i);
                    }
                }
                out.add(new Lean(k, seg.from(), end, g.tileImages(seg, end), readsInput, keep));
            }
            return out;
        }

        private Lean lean(int segment) {
            return lean.stream().filter(l -> l.segment() == segment).findFirst().orElse(null);
        }

        private String tileField(int step) {
            return g.contexts().get(step).ident(tileRole);
        }

        private String tileRead(Read r) {
            return r.isInput() ? "predictInput[worker]" : tileField(r.producer()) + "[worker]";
        }

        long inputTile() {
            long tile = 0;
            for (Lean l : lean) {
                if (l.readsInput()) {
                    tile = Math.max(tile, l.tile());
                }
            }
            return tile;
        }

        void addFields(TypeSpec.Builder type) {
            if (layerwise()) {
                for (int k = 0; k < layerSlots.size(); k++) {
                    type.addField(FieldSpec.builder(float[].class, layerSlotField(k), Modifier.PRIVATE, Modifier.FINAL)
                            .addJavadoc("Arena buffer $L of predict's layer by layer order$L: the outputs of the steps whose lives do not"
                                    + " overlap, for up to workers - 1 images.\n", k, note()).build());
                }
                type.addField(FieldSpec.builder(ArrayTypeName.of(TASK), layerTasks(), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("Per splitting conv of predict's layer by layer order$L: its forward over the workers.\n", note()).build());
            }
            TypeName floats2 = ArrayTypeName.of(ArrayTypeName.of(TypeName.FLOAT));
            type.addField(FieldSpec.builder(ArrayTypeName.of(TASK), tasks, Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("One task per inference segment for predict$L: lean where the segment allows it.\n",
                            ownSegments ? " with the batch norms folded" : "").build());
            for (Lean l : lean) {
                for (int i = l.from(); i < l.end(); i++) {
                    if (tileSlot[i] < 0) {
                        continue;
                    }
                    type.addField(FieldSpec.builder(floats2, tileField(i), Modifier.PRIVATE, Modifier.FINAL)
                            .addJavadoc("Each worker's output of $L for one tile of $L images in predict$L.\n",
                                    g.contexts().get(i).name(), l.tile(), ownSegments ? " (folded)" : "").build());
                }
            }
        }

        void construction(CodeBlock.Builder b) {
            if (!lean.isEmpty()) {
                b.add("// predict's tile buffers: outputs whose lives in a tile do not overlap share one (an arena, $L floats a worker"
                        + " in all$L)\n", tileSlots.stream().mapToLong(Long::longValue).sum(), note());
            }
            for (int k = 0; k < tileSlots.size(); k++) {
                b.addStatement("float[][] $L = new float[workers][$L]", tileSlotName(k), tileSlots.get(k));
            }
            if (layerwise()) {
                for (int k = 0; k < layerSlots.size(); k++) {
                    b.addStatement("this.$L = new float[(workers - 1) * $L]", layerSlotField(k), layerSlots.get(k));
                }
            }
            List<String> refs = new ArrayList<>();
            for (int k = 0; k < inference.size(); k++) {
                Lean l = lean(k);
                refs.add("this::" + (l != null || ownSegments ? prefix + k : passes.inferenceSegmentMethod(k)));
                if (l != null) {
                    for (int i = l.from(); i < l.end(); i++) {
                        if (tileSlot[i] >= 0) {
                            b.addStatement("this.$L = $L", tileField(i), tileSlotName(tileSlot[i]));
                        }
                    }
                }
            }
            b.addStatement("this.$L = new $T[] {$L}", tasks, TASK, String.join(", ", refs));
            if (layerwise()) {
                List<String> layerRefs = new ArrayList<>(splitting.stream().map(i -> "this::" + prefix + "Layer" + i).toList());
                activatingAfter.forEach(i -> layerRefs.add("this::" + prefix + "Activate" + i));
                b.addStatement("this.$L = new $T[] {$L}", layerTasks(), TASK, String.join(", ", layerRefs));
            }
        }

        /** Whether batches smaller than the pool run layer by layer: no inference step waits for the batch, and a conv splits. */
        private boolean layerwise() {
            for (Segment seg : inference) {
                if (seg.startsAtSync(g.schedule(), false)) {
                    return false;
                }
            }
            return !splitting.isEmpty();
        }

        private String layersMethod() {
            return prefix + "Layers";
        }

        private String layerTasks() {
            return tasks + "Layers";
        }

        void dispatch(CodeBlock.Builder body) {
            if (layerwise()) {
                body.add("// fewer images than workers: layer by layer, each conv's work on every worker\n");
                body.beginControlFlow("if (batch < workers)");
                body.addStatement("$L()", layersMethod());
                body.nextControlFlow("else");
                passes.dispatchForward(body, g, inference, tasks, false);
                body.endControlFlow();
            } else {
                passes.dispatchForward(body, g, inference, tasks, false);
            }
        }

        /**
         * {@code xLayers()}: the steps in order on the whole (small) batch; each conv that splits runs as one dispatch in
         * which worker {@code w} computes part {@code w} of every image (the same bits as one part), every other step on the
         * calling thread.
         */
        private void addLayers(TypeSpec.Builder type) {
            CodeBlock.Builder b = CodeBlock.builder();
            b.addStatement("int n0 = 0");
            b.addStatement("int n1 = forwardBatch");
            b.addStatement("int worker = 0");
            for (int i = 0; i < g.size(); i++) {
                if (fused.containsValue(i)) {
                    continue;
                }
                Step st = g.step(i);
                List<String> ins = st.reads().stream().map(this::layerIn).toList();
                Integer add = fused.get(i);
                String out = add == null ? layerOut(i) : layerOut(add);
                String res = add == null ? null : layerIn(otherOperand(add, i));
                int index = splitting.indexOf(i);
                if (index < 0) {
                    b.add(call(i, ins, out, res, "n0", "n1", "0", "1", "worker"));
                    continue;
                }
                b.addStatement("pool.run($L[$L])", layerTasks(), index);
                type.addMethod(MethodSpec.methodBuilder(prefix + "Layer" + i).addModifiers(Modifier.PRIVATE)
                        .addJavadoc("Worker {@code worker}'s part of $L for every image of predict's small batch$L.\n",
                                g.contexts().get(i).name(), note())
                        .addParameter(int.class, "worker")
                        .addCode(call(i, ins, out, res, "0", "forwardBatch", "worker", "workers", "worker")).build());
                Activation after = conv(i).activationAfterParts(isFolded(i));
                if (after != Activation.NONE) {
                    // the parts of a conv write interleaved pieces of its output: its activation waits for all of them
                    b.addStatement("pool.run($L[$L])", layerTasks(), splitting.size() + activatingAfter.indexOf(i));
                    String size = conv(i).outSizeConstant();
                    CodeBlock.Builder act = CodeBlock.builder()
                            .addStatement("int from = (int) ((long) forwardBatch * $L * worker / workers)", size)
                            .addStatement("int to = (int) ((long) forwardBatch * $L * (worker + 1) / workers)", size);
                    ActivationCode.applyInPlace(act, after, out, "from", "to");
                    type.addMethod(MethodSpec.methodBuilder(prefix + "Activate" + i).addModifiers(Modifier.PRIVATE)
                            .addJavadoc("Worker {@code worker}'s slice of $L's $L over predict's small batch, once every part of the conv is"
                                    + " done$L.\n", g.contexts().get(i).name(), ActivationCode.display(after), note())
                            .addParameter(int.class, "worker")
                            .addCode(act.build()).build());
                }
            }
            if (g.logits()) {
                b.addStatement("outputActivation(n0, n1)");
            }
            type.addMethod(MethodSpec.methodBuilder(layersMethod()).addModifiers(Modifier.PRIVATE)
                    .addJavadoc("Predict for a batch smaller than the pool$L: the steps in order, each conv split over the workers.\n", note())
                    .addCode(b.build()).build());
        }

        void addMethods(TypeSpec.Builder type) {
            if (layerwise()) {
                addLayers(type);
            }
            for (int k = 0; k < inference.size(); k++) {
                Lean l = lean(k);
                if (l != null) {
                    addLean(type, l);
                } else if (ownSegments) {
                    addPlain(type, k);
                }
            }
        }

        private void addPlain(TypeSpec.Builder type, int k) {
            Segment seg = inference.get(k);
            CodeBlock.Builder b = workerSlice();
            for (int i = seg.from(); i < seg.to(); i++) {
                b.add(plainCall(i));
            }
            outputActivation(b, seg);
            type.addMethod(MethodSpec.methodBuilder(prefix + k).addModifiers(Modifier.PRIVATE)
                    .addJavadoc("Worker {@code worker}'s images through layers $L to $L in predict$L.\n",
                            g.contexts().get(seg.from()).name(), g.contexts().get(seg.to() - 1).name(), note())
                    .addParameter(int.class, "worker").addCode(b.build()).build());
        }

        private void addLean(TypeSpec.Builder type, Lean l) {
            int k = l.segment();
            Segment seg = inference.get(k);
            CodeBlock.Builder b = workerSlice();
            b.beginControlFlow("for (int t = n0; t < n1; t += $L)", l.tile());
            b.addStatement("$L$LTile(t, Math.min(t + $L, n1), worker)", prefix, k, l.tile());
            b.endControlFlow();
            for (int i = l.end(); i < seg.to(); i++) {
                b.add(plainCall(i));
            }
            outputActivation(b, seg);
            type.addMethod(MethodSpec.methodBuilder(prefix + k).addModifiers(Modifier.PRIVATE)
                    .addJavadoc("Worker {@code worker}'s images through layers $L to $L in predict$L, $L images at a time up to $L.\n",
                            g.contexts().get(seg.from()).name(), g.contexts().get(seg.to() - 1).name(), note(), l.tile(),
                            g.contexts().get(l.end() - 1).name())
                    .addParameter(int.class, "worker").addCode(b.build()).build());

            CodeBlock.Builder tb = CodeBlock.builder();
            tb.add("// the tile's images as images 0 to n1 - 1 of small per-worker buffers\n");
            tb.addStatement("int n0 = 0");
            tb.addStatement("int n1 = to - from");
            if (l.readsInput()) {
                tb.addStatement("System.arraycopy(stepInput, from * INPUT_SIZE, predictInput[worker], 0, n1 * INPUT_SIZE)");
            }
            for (int i = l.from(); i < l.end(); i++) {
                if (fused.containsValue(i)) {
                    continue;
                }
                Step st = g.step(i);
                List<String> in = st.reads().stream().map(this::tileRead).toList();
                Integer add = fused.get(i);
                if (add != null) {
                    tb.add("// $L and $L in one call: the add's other operand joins as the kernel stores\n", g.contexts().get(i).name(),
                            g.contexts().get(add).name());
                }
                tb.add(add == null ? call(i, in, tileField(i) + "[worker]", null, "n0", "n1", "0", "1", "worker")
                        : call(i, in, tileField(add) + "[worker]", tileRead(otherOperand(add, i)), "n0", "n1", "0", "1", "worker"));
            }
            for (int i : l.keep()) {
                long size = g.step(i).op().output().size();
                tb.addStatement("System.arraycopy($L[worker], 0, $L, from * $L, n1 * $L)", tileField(i), g.out(g.step(i)), size, size);
            }
            type.addMethod(MethodSpec.methodBuilder(prefix + k + "Tile").addModifiers(Modifier.PRIVATE)
                    .addJavadoc("Images {@code [from, to)} through layers $L to $L in predict$L, in the cache.\n",
                            g.contexts().get(l.from()).name(), g.contexts().get(l.end() - 1).name(), note())
                    .addParameter(int.class, "from").addParameter(int.class, "to").addParameter(int.class, "worker")
                    .addCode(tb.build()).build());
        }

        private String note() {
            return ownSegments ? " with the batch norms folded" : "";
        }

        private CodeBlock.Builder workerSlice() {
            CodeBlock.Builder b = CodeBlock.builder();
            b.addStatement("int n0 = (int) ((long) forwardBatch * worker / workers)");
            b.addStatement("int n1 = (int) ((long) forwardBatch * (worker + 1) / workers)");
            b.beginControlFlow("if (n0 == n1)").addStatement("return").endControlFlow();
            return b;
        }

        private void outputActivation(CodeBlock.Builder b, Segment seg) {
            if (g.logits() && seg.to() == g.size()) {
                b.addStatement("outputActivation(n0, n1)");
            }
        }
    }

    /** A folded layer of the rewritten graph: the original layer's code, run on the folded weights. */
    private static final class FoldedStep implements LayerCode {
        private final FoldableCode target;
        private final String note;

        FoldedStep(FoldableCode target, String note) {
            this.target = target;
            this.note = note;
        }

        FoldableCode target() {
            return target;
        }

        @Override
        public CodeBlock forwardCall(LayerContext cx, List<String> ins, String out) {
            return target.foldedForwardCall(ins.get(0), out);
        }

        @Override
        public CodeBlock backwardCall(LayerContext cx, List<String> ins, String out, String gOut, List<String> gIns) {
            throw new IllegalStateException(note + ": a folded layer runs in predict only");
        }

        /** The original layer's code adds the folded forward method. */
        @Override
        public void addTo(TypeSpec.Builder type) {
        }

        @Override
        public String fusionNote() {
            return note;
        }
    }
}
