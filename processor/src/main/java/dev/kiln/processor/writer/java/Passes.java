package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Schedule.Read;
import dev.kiln.spec.Schedule.Segment;
import dev.kiln.spec.Schedule.Step;
import dev.kiln.spec.Schedule;
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
    /** The network's own graph, as forward, backward and the unfolded predict render it. */
    private final StepGraph graph;
    private final List<Segment> training;
    private final List<Segment> inference;
    private final Predict predict;

    Passes(NetworkSpec spec, Schedule schedule, List<LayerContext> contexts, List<LayerCode> codes) {
        this.spec = spec;
        this.schedule = schedule;
        this.contexts = contexts;
        this.codes = codes;
        this.graph = new StepGraph(schedule, codes, contexts, LossCode.separateLogits(spec));
        this.training = schedule.segments(true);
        this.inference = schedule.segments(false);
        this.predict = new Predict(spec, this, graph);
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

    /** The forward method of inference segment {@code k}: the training one's when the two are the same. */
    String inferenceSegmentMethod(int k) {
        return (sameSegments() ? "forwardSegment" : "inferenceSegment") + k;
    }

    /**
     * What {@code forward} and {@code predict} do before dispatching: check the arguments, keep them for
     * the workers, and run every layer's before-forward statements; {@code training} and {@code seed} are
     * the expressions assigned to the fields of those names.
     */
    CodeBlock.Builder forwardPrologue(String training, String seed) {
        return forwardPrologue(training, seed, true);
    }

    /** Every layer's before-forward statements (weights put in the form the conv kernels read). */
    CodeBlock beforeForward() {
        CodeBlock.Builder before = CodeBlock.builder();
        for (LayerCode c : codes) {
            c.addBeforeForward(before);
        }
        return before.build();
    }

    /** The prologue, with or without the before-forward statements (predict runs them only when the parameters changed). */
    CodeBlock.Builder forwardPrologue(String training, String seed, boolean withBefore) {
        CodeBlock before = withBefore ? beforeForward() : CodeBlock.builder().build();
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
                .add(before);
    }

    void addForward(TypeSpec.Builder type) {
        CodeBlock.Builder body = CodeBlock.builder()
                .add("// the buffers only forward and backward need, on the first forward after plan\n")
                .beginControlFlow("if (trainingPlanned < planned)").addStatement("planTraining()").endControlFlow()
                .add(forwardPrologue("training", "seed").build());
        if (hasPredict()) {
            body.add("// training updates the running statistics, and this forward rewrote the prepared weights predict keeps\n");
            body.addStatement("this.predictReady = false");
        }
        if (sameSegments()) {
            dispatchForward(body, graph, training, "trainingForwardTasks", true);
        } else {
            body.beginControlFlow("if (training)");
            dispatchForward(body, graph, training, "trainingForwardTasks", true);
            body.nextControlFlow("else");
            dispatchForward(body, graph, inference, "inferenceForwardTasks", false);
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

    /** {@code pool.run} of each segment's task of {@code tasks}, the batch-wide part of a sync op before its segment. */
    void dispatchForward(CodeBlock.Builder body, StepGraph g, List<Segment> segments, String tasks, boolean isTraining) {
        for (int k = 0; k < segments.size(); k++) {
            Segment seg = segments.get(k);
            if (seg.startsAtSync(g.schedule(), isTraining)) {
                Step st = g.step(seg.from());
                g.codes().get(seg.from()).addForwardBatchPart(body, g.ins(st).get(0));
            }
            body.addStatement("pool.run($L[$L])", tasks, k);
        }
    }

    /** Whether the pass gets its own {@code predict}. */
    boolean hasPredict() {
        return predict.hasPredict();
    }

    /** The output fields predict writes: plan allocates them; the first forward allocates the others ({@code planTraining}). */
    java.util.Set<String> predictFields() {
        return predict.predictFields();
    }

    void addPredictFields(TypeSpec.Builder type) {
        predict.addFields(type);
    }

    CodeBlock predictConstruction() {
        return predict.construction();
    }

    void addPredict(TypeSpec.Builder type) {
        predict.addMethods(type);
    }

    private void addSegments(TypeSpec.Builder type, List<Segment> segments, String prefix, boolean isTraining) {
        for (int k = 0; k < segments.size(); k++) {
            Segment seg = segments.get(k);
            CodeBlock.Builder b = CodeBlock.builder();
            b.addStatement("int n0 = (int) ((long) forwardBatch * worker / workers)");
            b.addStatement("int n1 = (int) ((long) forwardBatch * (worker + 1) / workers)");
            b.beginControlFlow("if (n0 == n1)").addStatement("return").endControlFlow();
            int tiled = graph.tiledEnd(seg);
            if (tiled - seg.from() >= 2) {
                // every step works image by image, so a tile's images go through all tiled steps before the next tile's
                long tile = graph.tileImages(seg, tiled);
                String tileMethod = prefix + k + "Tile";
                b.add("// $L at a time through $L to $L, so that each step reads its input from the cache\n",
                        tile == 1 ? "one image" : tile + " images", contexts.get(seg.from()).name(), contexts.get(tiled - 1).name());
                b.beginControlFlow("for (int t = n0; t < n1; t += $L)", tile);
                b.addStatement("$L(t, Math.min(t + $L, n1), worker)", tileMethod, tile);
                b.endControlFlow();
                CodeBlock.Builder tb = CodeBlock.builder();
                for (int i = seg.from(); i < tiled; i++) {
                    Step st = schedule.steps().get(i);
                    tb.add(codes.get(i).forwardCall(contexts.get(i), graph.ins(st), graph.out(st)));
                }
                type.addMethod(MethodSpec.methodBuilder(tileMethod).addModifiers(Modifier.PRIVATE)
                        .addJavadoc("Images {@code [n0, n1)} of worker {@code worker}'s slice through layers $L to $L$L.\n",
                                contexts.get(seg.from()).name(), contexts.get(tiled - 1).name(), isTraining ? "" : " at inference")
                        .addParameter(int.class, "n0").addParameter(int.class, "n1").addParameter(int.class, "worker")
                        .addCode(tb.build()).build());
            }
            for (int i = tiled - seg.from() >= 2 ? tiled : seg.from(); i < seg.to(); i++) {
                Step st = schedule.steps().get(i);
                b.add(codes.get(i).forwardCall(contexts.get(i), graph.ins(st), graph.out(st)));
            }
            if (graph.logits() && seg.to() == contexts.size()) {
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
                codes.get(seg.from()).addBackwardBatchPart(body, graph.ins(st).get(0), contexts.get(seg.from()).outField(),
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
        b.add(codes.get(i).backwardCall(cx, graph.ins(st), cx.outField(), cx.gradField(), gIns));
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
