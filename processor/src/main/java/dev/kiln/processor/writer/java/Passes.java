package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.dsl.Activation;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Schedule;
import dev.kiln.spec.Schedule.Read;
import dev.kiln.spec.Schedule.Segment;
import dev.kiln.spec.Schedule.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The generated {@code forward} and {@code backward} as the {@link Schedule} orders them: each
 * segment of steps is one task that every worker runs on its slice of the batch; between
 * segments, a sync-point op's batch-wide part runs once the whole batch has arrived. A read the
 * schedule marks as accumulating goes through the tensor's part buffer and is then added to its
 * gradient, image by image, by the same worker (the workers own disjoint images).
 */
final class Passes {
    private static final TypeName TASK = JavaPassWriter.WORKER_POOL.nestedClass("Task");

    private final NetworkSpec spec;
    private final Schedule schedule;
    private final List<LayerContext> contexts;
    private final List<LayerCode> codes;
    private final List<Segment> training;
    private final List<Segment> inference;
    /** The convs predict runs with the batch norm after them folded in ({@link #folds()}), by step index. */
    private final List<Integer> folds;
    /** Floats of predict's folded convolution weights, 0 if it folds none. */
    private final long foldedSize;

    Passes(NetworkSpec spec, Schedule schedule, List<LayerContext> contexts, List<LayerCode> codes) {
        this.spec = spec;
        this.schedule = schedule;
        this.contexts = contexts;
        this.codes = codes;
        this.training = schedule.segments(true);
        this.inference = schedule.segments(false);
        this.folds = folds();
        long at = 0;
        for (int i : folds) {
            ConvCode conv = (ConvCode) codes.get(i);
            conv.foldInto(contexts.get(i + 1), at);
            at += conv.foldedSize();
        }
        this.foldedSize = at;
    }

    /**
     * The convs that {@code predict} runs with the batch norm right after them folded in: a conv without
     * an activation of its own inside a lean segment, whose output only that batch norm reads.
     */
    private List<Integer> folds() {
        List<Integer> out = new ArrayList<>();
        for (Lean l : leanSegments()) {
            for (int i = l.from(); i + 1 < l.end(); i++) {
                Step st = schedule.steps().get(i);
                if (codes.get(i) instanceof ConvCode && contexts.get(i).activation() == Activation.NONE
                        && schedule.steps().get(i + 1).op() instanceof BatchNormOp
                        && st.readers().equals(List.of(i + 1)) && !st.isOutput(schedule)) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    static String gradBufferField(int buffer) {
        return "gradBuffer" + buffer;
    }

    /** Tensors read more than once, whose gradients are sums. */
    List<String> accumulated() {
        Set<String> out = new LinkedHashSet<>();
        for (Step st : schedule.steps()) {
            for (Read r : st.reads()) {
                if (r.accumulates()) {
                    out.add(r.tensor());
                }
            }
        }
        return new ArrayList<>(out);
    }

    String partField(String tensor) {
        return tensor.equals(Op.INPUT) ? "inputGradPart" : contexts.get(spec.layerIndex(tensor)).ident("OutGradPart");
    }

    private boolean sameSegments() {
        return training.equals(inference);
    }

    void addTaskFields(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(arrayOf(), "trainingForwardTasks", Modifier.PRIVATE, Modifier.FINAL).addJavadoc("One task per forward segment in training.\n").build());
        type.addField(FieldSpec.builder(arrayOf(), "inferenceForwardTasks", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("One task per forward segment at inference.\n").build());
        type.addField(FieldSpec.builder(arrayOf(), "backwardTasks", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("One task per backward segment, last segment first.\n").build());
        type.addField(FieldSpec.builder(TASK, "reduceTask", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("One worker's range of the gradient reduction.\n").build());
    }

    private static TypeName arrayOf() {
        return com.palantir.javapoet.ArrayTypeName.of(TASK);
    }

    CodeBlock taskConstruction() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("this.trainingForwardTasks = new $T[] {$L}", TASK, refs("forwardSegment", training.size()));
        if (sameSegments()) {
            b.addStatement("this.inferenceForwardTasks = trainingForwardTasks");
        } else {
            b.addStatement("this.inferenceForwardTasks = new $T[] {$L}", TASK, refs("inferenceSegment", inference.size()));
        }
        b.addStatement("this.backwardTasks = new $T[] {$L}", TASK, refs("backwardSegment", backwardTaskCount()));
        b.addStatement("this.reduceTask = this::reduceSlice");
        return b.build();
    }

    private static String refs(String prefix, int count) {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            r.add("this::" + prefix + i);
        }
        return String.join(", ", r);
    }

    private String in(Read r) {
        return r.isInput() ? "stepInput" : contexts.get(r.producer()).outField();
    }

    private List<String> ins(Step st) {
        return st.reads().stream().map(this::in).toList();
    }

    private String out(Step st) {
        boolean toLogits = LossCode.separateLogits(spec) && st.index() == contexts.size() - 1;
        return toLogits ? LossCode.LOGITS : contexts.get(st.index()).outField();
    }

    /**
     * What {@code forward} and {@code predict} do before dispatching: check the arguments, keep them for
     * the workers, and run every layer's before-forward statements; {@code training} and {@code seed} are
     * the expressions assigned to the fields of those names.
     */
    private CodeBlock.Builder forwardPrologue(String training, String seed) {
        CodeBlock.Builder before = CodeBlock.builder();
        for (LayerCode c : codes) {
            c.addBeforeForward(before);
        }
        return CodeBlock.builder()
                .addStatement("checkBatch(batch)")
                .addStatement("checkLength($S, params, PARAMETERS)", "params")
                .addStatement("checkLength($S, input, (long) batch * INPUT_SIZE)", "input")
                .addStatement("this.stepParams = params")
                .addStatement("this.stepInput = input")
                .addStatement("this.forwardBatch = batch")
                .addStatement("this.training = $L", training)
                .addStatement("this.seed = $L", seed)
                .addStatement("this.lossReady = false")
                .add(before.build());
    }

    void addForward(TypeSpec.Builder type) {
        CodeBlock.Builder body = forwardPrologue("training", "seed");
        if (sameSegments()) {
            dispatchForward(body, training, "trainingForwardTasks", true);
        } else {
            body.beginControlFlow("if (training)");
            dispatchForward(body, training, "trainingForwardTasks", true);
            body.nextControlFlow("else");
            dispatchForward(body, inference, "inferenceForwardTasks", false);
            body.endControlFlow();
        }
        type.addMethod(MethodSpec.methodBuilder("forward").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(float[].class, "params").addParameter(float[].class, "input").addParameter(int.class, "batch")
                .addParameter(boolean.class, "training").addParameter(long.class, "seed")
                .addCode(body.build())
                .build());
        addSegments(type, training, "forwardSegment", true);
        if (!sameSegments()) {
            addSegments(type, inference, "inferenceSegment", false);
        }
    }

    private void dispatchForward(CodeBlock.Builder body, List<Segment> segments, String tasks, boolean isTraining) {
        for (int k = 0; k < segments.size(); k++) {
            Segment seg = segments.get(k);
            if (seg.startsAtSync(schedule, isTraining)) {
                Step st = schedule.steps().get(seg.from());
                codes.get(seg.from()).addForwardBatchPart(body, ins(st).get(0));
            }
            body.addStatement("pool.run($L[$L])", tasks, k);
        }
    }

    /**
     * A segment that {@code predict} runs lean: its tiled steps read only the network input and each
     * other, so a tile's intermediate outputs can live in small per-worker buffers that stay in the
     * cache instead of the batch-sized ones (writing those to memory cost more than the convolutions:
     * FashionCnn's conv1 took 26 us per image writing into the cache, 70 writing its batch buffer).
     * {@code keep} lists the steps whose outputs something after the tile reads, copied out per tile.
     */
    private record Lean(int segment, int from, int end, long tile, boolean readsInput, List<Integer> keep) {
    }

    private List<Lean> leanSegments() {
        List<Lean> out = new ArrayList<>();
        for (int k = 0; k < inference.size(); k++) {
            Segment seg = inference.get(k);
            if (seg.startsAtSync(schedule, false)) {
                continue;
            }
            int end = tiledEnd(seg);
            if (end - seg.from() < 2) {
                continue;
            }
            boolean inside = true;
            boolean readsInput = false;
            for (int i = seg.from(); i < end; i++) {
                for (Read r : schedule.steps().get(i).reads()) {
                    readsInput |= r.isInput();
                    inside &= r.isInput() || (r.producer() >= seg.from() && r.producer() < end);
                }
            }
            if (!inside) {
                continue;
            }
            List<Integer> keep = new ArrayList<>();
            for (int i = seg.from(); i < end; i++) {
                Step st = schedule.steps().get(i);
                boolean readLater = st.readers().stream().anyMatch(j -> j >= end);
                if (readLater || st.isOutput(schedule)) {
                    keep.add(i);
                }
            }
            out.add(new Lean(k, seg.from(), end, tileImages(seg, end), readsInput, keep));
        }
        return out;
    }

    private Lean lean(int segment) {
        return leanSegments().stream().filter(l -> l.segment() == segment).findFirst().orElse(null);
    }

    /** Whether the pass gets its own {@code predict}: some inference segment can run lean. */
    boolean hasPredict() {
        return !leanSegments().isEmpty();
    }

    private String tileField(int step) {
        return contexts.get(step).ident("TileOut");
    }

    void addPredictFields(TypeSpec.Builder type) {
        if (!hasPredict()) {
            return;
        }
        TypeName floats2 = com.palantir.javapoet.ArrayTypeName.of(com.palantir.javapoet.ArrayTypeName.of(TypeName.FLOAT));
        type.addField(FieldSpec.builder(arrayOf(), "predictTasks", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("One task per inference segment for predict: lean where the segment allows it.\n").build());
        boolean input = false;
        for (Lean l : leanSegments()) {
            input |= l.readsInput();
            for (int i = l.from(); i < l.end(); i++) {
                type.addField(FieldSpec.builder(floats2, tileField(i), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("Each worker's output of $L for one tile of $L images in predict.\n", contexts.get(i).name(), l.tile())
                        .build());
            }
        }
        if (input) {
            type.addField(FieldSpec.builder(floats2, "predictInput", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's copy of one tile of the input in predict.\n").build());
        }
        if (foldedSize > 0) {
            type.addField(FieldSpec.builder(float[].class, "folded", Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new float[$L]", foldedSize)
                    .addJavadoc("Predict's weights and biases of the convs with the batch norm after them folded in "
                            + "(BatchNormFolding), refreshed by every predict.\n").build());
            type.addField(FieldSpec.builder(boolean.class, "foldBatchNorm", Modifier.PRIVATE)
                    .initializer("true")
                    .addJavadoc("Whether predict folds those batch norms (setBatchNormFolding).\n").build());
            type.addMethod(MethodSpec.methodBuilder("setBatchNormFolding").addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC).addParameter(boolean.class, "fold")
                    .addStatement("this.foldBatchNorm = fold").build());
        }
    }

    CodeBlock predictConstruction() {
        CodeBlock.Builder b = CodeBlock.builder();
        if (!hasPredict()) {
            return b.build();
        }
        List<String> tasks = new ArrayList<>();
        String inferenceTasks = sameSegments() ? "forwardSegment" : "inferenceSegment";
        long inputTile = 0;
        for (int k = 0; k < inference.size(); k++) {
            Lean l = lean(k);
            tasks.add("this::" + (l != null ? "predictSegment" + k : inferenceTasks + k));
            if (l != null) {
                if (l.readsInput()) {
                    inputTile = Math.max(inputTile, l.tile());
                }
                for (int i = l.from(); i < l.end(); i++) {
                    b.addStatement("this.$L = new float[workers][$L]", tileField(i), l.tile() * schedule.steps().get(i).op().output().size());
                }
            }
        }
        b.addStatement("this.predictTasks = new $T[] {$L}", TASK, String.join(", ", tasks));
        if (inputTile > 0) {
            b.addStatement("this.predictInput = new float[workers][$L * INPUT_SIZE]", inputTile);
        }
        return b.build();
    }

    void addPredict(TypeSpec.Builder type) {
        if (!hasPredict()) {
            return;
        }
        CodeBlock.Builder body = forwardPrologue("false", "0L");
        if (foldedSize > 0) {
            body.beginControlFlow("if (foldBatchNorm)");
            body.add("// each batch norm right after a conv folded into its weights, from today's parameters and running statistics\n");
            for (int i : folds) {
                body.add(((ConvCode) codes.get(i)).foldStatement());
            }
            body.endControlFlow();
        }
        dispatchForward(body, inference, "predictTasks", false);
        body.add("// only the output is complete: loss and backward need a forward first\n");
        body.addStatement("this.forwardBatch = 0");
        type.addMethod(MethodSpec.methodBuilder("predict").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(float[].class, "params").addParameter(float[].class, "input").addParameter(int.class, "batch")
                .addCode(body.build()).build());
        boolean logits = LossCode.separateLogits(spec);
        for (Lean l : leanSegments()) {
            int k = l.segment();
            Segment seg = inference.get(k);
            CodeBlock.Builder b = CodeBlock.builder();
            b.addStatement("int n0 = (int) ((long) forwardBatch * worker / workers)");
            b.addStatement("int n1 = (int) ((long) forwardBatch * (worker + 1) / workers)");
            b.beginControlFlow("if (n0 == n1)").addStatement("return").endControlFlow();
            b.beginControlFlow("for (int t = n0; t < n1; t += $L)", l.tile());
            b.addStatement("predictSegment$LTile(t, Math.min(t + $L, n1), worker)", k, l.tile());
            b.endControlFlow();
            for (int i = l.end(); i < seg.to(); i++) {
                Step st = schedule.steps().get(i);
                b.add(codes.get(i).forwardCall(contexts.get(i), ins(st), out(st)));
            }
            if (logits && seg.to() == contexts.size()) {
                b.addStatement("outputActivation(n0, n1)");
            }
            type.addMethod(MethodSpec.methodBuilder("predictSegment" + k).addModifiers(Modifier.PRIVATE)
                    .addJavadoc("Worker {@code worker}'s images through layers $L to $L in predict, $L images at a time up to $L.\n",
                            contexts.get(seg.from()).name(), contexts.get(seg.to() - 1).name(), l.tile(), contexts.get(l.end() - 1).name())
                    .addParameter(int.class, "worker").addCode(b.build()).build());

            CodeBlock.Builder tb = CodeBlock.builder();
            tb.add("// the tile's images as images 0 to n1 - 1 of small per-worker buffers\n");
            tb.addStatement("int n0 = 0");
            tb.addStatement("int n1 = to - from");
            if (l.readsInput()) {
                tb.addStatement("System.arraycopy(stepInput, from * INPUT_SIZE, predictInput[worker], 0, n1 * INPUT_SIZE)");
            }
            for (int i = l.from(); i < l.end(); i++) {
                Step st = schedule.steps().get(i);
                List<String> in = st.reads().stream()
                        .map(r -> r.isInput() ? "predictInput[worker]" : tileField(r.producer()) + "[worker]").toList();
                if (folds.contains(i)) {
                    tb.beginControlFlow("if (foldBatchNorm)");
                    tb.add(((ConvCode) codes.get(i)).foldedForwardCall(in.get(0), tileField(i + 1) + "[worker]"));
                    tb.nextControlFlow("else");
                    tb.add(codes.get(i).forwardCall(contexts.get(i), in, tileField(i) + "[worker]"));
                    tb.add(codes.get(i + 1).forwardCall(contexts.get(i + 1), List.of(tileField(i) + "[worker]"),
                            tileField(i + 1) + "[worker]"));
                    tb.endControlFlow();
                    i++;
                    continue;
                }
                tb.add(codes.get(i).forwardCall(contexts.get(i), in, tileField(i) + "[worker]"));
            }
            for (int i : l.keep()) {
                long size = schedule.steps().get(i).op().output().size();
                tb.addStatement("System.arraycopy($L[worker], 0, $L, from * $L, n1 * $L)", tileField(i), out(schedule.steps().get(i)), size, size);
            }
            type.addMethod(MethodSpec.methodBuilder("predictSegment" + k + "Tile").addModifiers(Modifier.PRIVATE)
                    .addJavadoc("Images {@code [from, to)} through layers $L to $L in predict, in the cache.\n",
                            contexts.get(l.from()).name(), contexts.get(l.end() - 1).name())
                    .addParameter(int.class, "from").addParameter(int.class, "to").addParameter(int.class, "worker")
                    .addCode(tb.build()).build());
        }
    }

    /**
     * The end of the leading run of steps in {@code seg} that run image by image through tiles: every
     * step before the first that is not {@link Op#tileable()} (a dense layer).
     */
    private int tiledEnd(Segment seg) {
        int i = seg.from();
        while (i < seg.to() && schedule.steps().get(i).op().tileable()) {
            i++;
        }
        return i;
    }

    /**
     * Images per tile: as many as keep the tiled steps' outputs of one tile (with max pooling's argmax and
     * dropout's mask, counted as a second copy) within {@link #TILE_BYTES}, at least one.
     */
    private long tileImages(Segment seg, int end) {
        long bytes = 0;
        for (int i = seg.from(); i < end; i++) {
            bytes += schedule.steps().get(i).op().output().size() * Float.BYTES * codes.get(i).tileCopies();
        }
        return Math.max(1, Math.min(1 << 16, TILE_BYTES / Math.max(1, bytes)));
    }

    /**
     * Activations of one tile that stay in a core's L2 cache between a step and the next: measured on a
     * 2 MiB L2, layer by layer over a worker's whole slice (12 MB of conv1 output for FashionCnn at
     * 128 images) the next layer read everything back from memory and ran 1.5-3x slower.
     */
    static final long TILE_BYTES = 1 << 20;

    private void addSegments(TypeSpec.Builder type, List<Segment> segments, String prefix, boolean isTraining) {
        boolean logits = LossCode.separateLogits(spec);
        for (int k = 0; k < segments.size(); k++) {
            Segment seg = segments.get(k);
            CodeBlock.Builder b = CodeBlock.builder();
            b.addStatement("int n0 = (int) ((long) forwardBatch * worker / workers)");
            b.addStatement("int n1 = (int) ((long) forwardBatch * (worker + 1) / workers)");
            b.beginControlFlow("if (n0 == n1)").addStatement("return").endControlFlow();
            int tiled = tiledEnd(seg);
            if (tiled - seg.from() >= 2) {
                // every step works image by image, so a tile's images go through all tiled steps before the next tile's
                long tile = tileImages(seg, tiled);
                String tileMethod = prefix + k + "Tile";
                b.add("// $L at a time through $L to $L, so that each step reads its input from the cache\n",
                        tile == 1 ? "one image" : tile + " images", contexts.get(seg.from()).name(), contexts.get(tiled - 1).name());
                b.beginControlFlow("for (int t = n0; t < n1; t += $L)", tile);
                b.addStatement("$L(t, Math.min(t + $L, n1), worker)", tileMethod, tile);
                b.endControlFlow();
                CodeBlock.Builder tb = CodeBlock.builder();
                for (int i = seg.from(); i < tiled; i++) {
                    Step st = schedule.steps().get(i);
                    tb.add(codes.get(i).forwardCall(contexts.get(i), ins(st), out(st)));
                }
                type.addMethod(MethodSpec.methodBuilder(tileMethod).addModifiers(Modifier.PRIVATE)
                        .addJavadoc("Images {@code [n0, n1)} of worker {@code worker}'s slice through layers $L to $L$L.\n",
                                contexts.get(seg.from()).name(), contexts.get(tiled - 1).name(), isTraining ? "" : " at inference")
                        .addParameter(int.class, "n0").addParameter(int.class, "n1").addParameter(int.class, "worker")
                        .addCode(tb.build()).build());
            }
            for (int i = tiled - seg.from() >= 2 ? tiled : seg.from(); i < seg.to(); i++) {
                Step st = schedule.steps().get(i);
                b.add(codes.get(i).forwardCall(contexts.get(i), ins(st), out(st)));
            }
            if (logits && seg.to() == contexts.size()) {
                b.addStatement("outputActivation(n0, n1)");
            }
            type.addMethod(MethodSpec.methodBuilder(prefix + k).addModifiers(Modifier.PRIVATE)
                    .addJavadoc("Worker {@code worker}'s images through layers $L to $L$L.\n",
                            contexts.get(seg.from()).name(), contexts.get(seg.to() - 1).name(),
                            isTraining ? "" : " at inference")
                    .addParameter(int.class, "worker").addCode(b.build()).build());
        }
    }

    /**
     * Backward tasks: one per training segment, last first. The task for segment {@code s} first
     * runs the per-worker backward of the sync op starting segment {@code s + 1} (its batch part ran
     * between the tasks), then its own steps down to, but excluding, a sync op it starts with. A
     * final task runs the first op's per-worker backward when the network starts with a sync op.
     */
    private int backwardTaskCount() {
        return training.size() + (training.get(0).startsAtSync(schedule, true) ? 1 : 0);
    }

    void addBackward(TypeSpec.Builder type) {
        CodeBlock.Builder before = CodeBlock.builder();
        for (LayerCode c : codes) {
            c.addBeforeBackward(before);
        }
        CodeBlock.Builder body = CodeBlock.builder()
                .beginControlFlow("if (!lossReady || batch != forwardBatch)")
                .addStatement("throw new $T($S + batch + $S + forwardBatch + $S)", IllegalStateException.class,
                        spec.simpleName() + "JavaPass.backward of ", " images needs forward and loss of the same batch first (last forward: ",
                        " images)")
                .endControlFlow()
                .addStatement("checkLength($S, params, PARAMETERS)", "params")
                .addStatement("checkLength($S, grads, PARAMETERS)", "grads")
                .beginControlFlow("if (inputGrad != null)")
                .addStatement("checkLength($S, inputGrad, (long) batch * INPUT_SIZE)", "inputGrad")
                .endControlFlow()
                .addStatement("this.stepParams = params")
                .addStatement("this.stepGrads = grads")
                .addStatement("this.stepInputGradient = inputGrad")
                .add(before.build());
        int task = 0;
        for (int s = training.size() - 1; s >= 0; s--) {
            body.addStatement("pool.run(backwardTasks[$L])", task++);
            Segment seg = training.get(s);
            if (seg.startsAtSync(schedule, true)) {
                Step st = schedule.steps().get(seg.from());
                codes.get(seg.from()).addBackwardBatchPart(body, ins(st).get(0), contexts.get(seg.from()).outField(),
                        contexts.get(seg.from()).gradField());
            }
        }
        if (task < backwardTaskCount()) {
            body.addStatement("pool.run(backwardTasks[$L])", task);
        }
        body.addStatement("pool.run(reduceTask)")
                .addStatement("this.stepGrads = null")
                .addStatement("this.stepInputGradient = null");
        type.addMethod(MethodSpec.methodBuilder("backward").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(float[].class, "params").addParameter(float[].class, "grads").addParameter(float[].class, "inputGrad")
                .addParameter(int.class, "batch")
                .addCode(body.build())
                .build());

        int count = backwardTaskCount();
        for (int t = 0; t < count; t++) {
            int s = training.size() - 1 - t; // the segment this task walks, or -1 for the trailing task
            CodeBlock.Builder b = CodeBlock.builder();
            b.addStatement("float[] g = workerGradients[worker]");
            if (t == 0) {
                b.addStatement("$T.fill(g, 0f)", Arrays.class);
            }
            b.addStatement("int n0 = (int) ((long) forwardBatch * worker / workers)");
            b.addStatement("int n1 = (int) ((long) forwardBatch * (worker + 1) / workers)");
            b.beginControlFlow("if (n0 == n1)").addStatement("return").endControlFlow();
            if (s + 1 < training.size() && training.get(s + 1).startsAtSync(schedule, true)) {
                backwardStep(b, training.get(s + 1).from());
            }
            if (s >= 0) {
                Segment seg = training.get(s);
                int stop = seg.startsAtSync(schedule, true) ? seg.from() + 1 : seg.from();
                for (int i = seg.to() - 1; i >= stop; i--) {
                    backwardStep(b, i);
                }
            }
            type.addMethod(MethodSpec.methodBuilder("backwardSegment" + t).addModifiers(Modifier.PRIVATE)
                    .addJavadoc("Worker {@code worker}'s images back through one segment, into its own gradient buffer.\n")
                    .addParameter(int.class, "worker").addCode(b.build()).build());
        }
        type.addMethod(MethodSpec.methodBuilder("reduceSlice").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Adds the workers' gradients, in worker order, into the caller's for worker {@code worker}'s range.\n")
                .addParameter(int.class, "worker")
                .addStatement("int k0 = (int) ((long) PARAMETERS * worker / workers)")
                .addStatement("int k1 = (int) ((long) PARAMETERS * (worker + 1) / workers)")
                .beginControlFlow("for (int k = k0; k < k1; k++)")
                .addStatement("float s = workerGradients[0][k]")
                .beginControlFlow("for (int w = 1; w < workers; w++)").addStatement("s += workerGradients[w][k]").endControlFlow()
                .addStatement("stepGrads[k] += s")
                .endControlFlow()
                .build());
        if (!accumulated().isEmpty()) {
            type.addMethod(MethodSpec.methodBuilder("accumulate").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addJavadoc("{@code to += from} over images {@code [n0, n1)} of {@code size} elements each.\n")
                    .addParameter(float[].class, "from").addParameter(float[].class, "to").addParameter(int.class, "size")
                    .addParameter(int.class, "n0").addParameter(int.class, "n1")
                    .beginControlFlow("for (int i = n0 * size, end = n1 * size; i < end; i++)")
                    .addStatement("to[i] += from[i]")
                    .endControlFlow()
                    .build());
        }
    }

    /** One step's per-worker backward, with its accumulating reads going through part buffers. */
    private void backwardStep(CodeBlock.Builder b, int i) {
        Step st = schedule.steps().get(i);
        LayerContext cx = contexts.get(i);
        List<String> gIns = new ArrayList<>();
        List<CodeBlock> after = new ArrayList<>();
        for (Read r : st.reads()) {
            String target = r.isInput() ? "stepInputGradient" : contexts.get(r.producer()).gradField();
            // a tensor's gradient is needed when the caller wants the input gradient or its producer's backward runs
            String needed = r.isInput() ? "stepInputGradient != null" : "stepInputGradient != null || backwardLive[" + r.producer() + "]";
            String part = r.accumulates() ? partField(r.tensor()) : target;
            gIns.add("(" + needed + ") ? " + part + " : null");
            if (r.accumulates()) {
                after.add(CodeBlock.builder().beginControlFlow("if ($L)", needed)
                        .addStatement("accumulate($L, $L, $L, n0, n1)", part, target, r.shape().size()).endControlFlow().build());
            }
        }
        // frozen layers with nothing trainable before them are skipped entirely (setFrozen)
        b.beginControlFlow("if (stepInputGradient != null || backwardLive[$L])", i);
        b.add(codes.get(i).backwardCall(cx, ins(st), cx.outField(), cx.gradField(), gIns));
        after.forEach(b::add);
        b.endControlFlow();
    }

    /**
     * {@code setFrozen}: which layers' parameters are frozen (their weight gradients are skipped; a
     * frozen batch norm uses its running statistics), and from that which layers' backward must
     * run: a layer that learns, or one reading a tensor whose producer's backward runs.
     */
    void addFreezing(TypeSpec.Builder type) {
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("if (layers.length != $L)", contexts.size())
                .addStatement("throw new $T($S + layers.length)", IllegalArgumentException.class,
                        spec.simpleName() + "JavaPass.setFrozen: one flag per layer (" + contexts.size() + "), not ")
                .endControlFlow()
                .addStatement("System.arraycopy(layers, 0, frozen, 0, $L)", contexts.size());
        for (int i = 0; i < contexts.size(); i++) {
            Step st = schedule.steps().get(i);
            List<String> terms = new ArrayList<>();
            if (!st.op().parameters().isEmpty()) {
                terms.add("!frozen[" + i + "]");
            }
            for (Read r : st.reads()) {
                if (!r.isInput()) {
                    terms.add("backwardLive[" + r.producer() + "]");
                }
            }
            b.addStatement("backwardLive[$L] = $L", i, terms.isEmpty() ? "false" : String.join(" || ", terms));
        }
        type.addMethod(MethodSpec.methodBuilder("setFrozen").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(boolean[].class, "layers").addCode(b.build()).build());
    }
}
