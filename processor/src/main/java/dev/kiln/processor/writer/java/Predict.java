package dev.kiln.processor.writer.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
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
                            + "(dev.kiln.spec.rewrite.Fold), refreshed by every predict.\n").build());
            type.addField(FieldSpec.builder(boolean.class, "foldBatchNorm", Modifier.PRIVATE)
                    .initializer("true")
                    .addJavadoc("Whether predict folds those batch norms (setBatchNormFolding).\n").build());
            type.addMethod(MethodSpec.methodBuilder("setBatchNormFolding").addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC).addParameter(boolean.class, "fold")
                    .addStatement("this.foldBatchNorm = fold").build());
        }
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
        CodeBlock.Builder body = passes.forwardPrologue("false", "0L");
        if (folded != null) {
            body.beginControlFlow("if (foldBatchNorm)");
            body.add("// the inference rewrite: each batch norm folded into the layer before it, from today's parameters and "
                    + "running statistics\n");
            for (FoldableCode f : folds) {
                body.add(f.foldStatement());
            }
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

        PredictGraph(StepGraph g, String prefix, String tileRole, String tasks, boolean ownSegments) {
            this.g = g;
            this.prefix = prefix;
            this.tileRole = tileRole;
            this.tasks = tasks;
            this.ownSegments = ownSegments;
            this.inference = g.schedule().segments(false);
            this.lean = leanSegments();
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
            TypeName floats2 = ArrayTypeName.of(ArrayTypeName.of(TypeName.FLOAT));
            type.addField(FieldSpec.builder(ArrayTypeName.of(TASK), tasks, Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("One task per inference segment for predict$L: lean where the segment allows it.\n",
                            ownSegments ? " with the batch norms folded" : "").build());
            for (Lean l : lean) {
                for (int i = l.from(); i < l.end(); i++) {
                    type.addField(FieldSpec.builder(floats2, tileField(i), Modifier.PRIVATE, Modifier.FINAL)
                            .addJavadoc("Each worker's output of $L for one tile of $L images in predict$L.\n",
                                    g.contexts().get(i).name(), l.tile(), ownSegments ? " (folded)" : "").build());
                }
            }
        }

        void construction(CodeBlock.Builder b) {
            List<String> refs = new ArrayList<>();
            for (int k = 0; k < inference.size(); k++) {
                Lean l = lean(k);
                refs.add("this::" + (l != null || ownSegments ? prefix + k : passes.inferenceSegmentMethod(k)));
                if (l != null) {
                    for (int i = l.from(); i < l.end(); i++) {
                        b.addStatement("this.$L = new float[workers][$L]", tileField(i), l.tile() * g.step(i).op().output().size());
                    }
                }
            }
            b.addStatement("this.$L = new $T[] {$L}", tasks, TASK, String.join(", ", refs));
        }

        void dispatch(CodeBlock.Builder body) {
            passes.dispatchForward(body, g, inference, tasks, false);
        }

        void addMethods(TypeSpec.Builder type) {
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
                Step st = g.step(i);
                b.add(g.codes().get(i).forwardCall(g.contexts().get(i), g.ins(st), g.out(st)));
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
                Step st = g.step(i);
                b.add(g.codes().get(i).forwardCall(g.contexts().get(i), g.ins(st), g.out(st)));
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
                Step st = g.step(i);
                List<String> in = st.reads().stream()
                        .map(r -> r.isInput() ? "predictInput[worker]" : tileField(r.producer()) + "[worker]").toList();
                tb.add(g.codes().get(i).forwardCall(g.contexts().get(i), in, tileField(i) + "[worker]"));
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
