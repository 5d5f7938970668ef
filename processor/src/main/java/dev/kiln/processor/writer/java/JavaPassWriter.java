package dev.kiln.processor.writer.java;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.processor.writer.GeneratedNames;
import dev.kiln.processor.writer.NameAllocator;
import dev.kiln.spec.AddOp;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.ChannelShuffleOp;
import dev.kiln.spec.ConcatOp;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.DenseOp;
import dev.kiln.spec.DropoutOp;
import dev.kiln.spec.FlattenOp;
import dev.kiln.spec.GlobalAvgPool2dOp;
import dev.kiln.spec.LossCompatibility;
import dev.kiln.spec.MaxPool2dOp;
import dev.kiln.spec.MultiplyOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.Schedule;
import dev.kiln.spec.SliceOp;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code FooJavaPass}, the fused Java forward and backward of one network.
 *
 * <p>The generated class splits a batch into one slice of images per worker of a
 * {@code WorkerPool}; each worker runs its slice through every layer (forward), and back
 * (backward) into its own parameter-gradient buffer. The buffers are then summed in worker order,
 * so that a run is bit-for-bit repeatable. Every buffer is allocated by {@code plan} or the
 * constructor; a training step allocates nothing.
 */
public final class JavaPassWriter {
    static final ClassName WORKER_POOL = ClassName.get("dev.kiln.runtime.java", "WorkerPool");
    static final ClassName CONV_WORKSPACE = ClassName.get("dev.kiln.runtime.java.conv", "ConvWorkspace");
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    private static final String PROCESSOR = "dev.kiln.processor.KilnProcessor";
    private static final List<String> FIXED_CONSTANTS = List.of("INPUT_SIZE", "OUTPUT_SIZE", "PARAMETERS", "WORKER_SCRATCH", "STATE");
    /**
     * Every identifier the pass declares whatever the layers are called: its fields and methods, and
     * the parameters and locals of its methods (a layer-derived field of the same name would be
     * shadowed). The name allocator keeps layer-derived names off all of them.
     */
    static final List<String> FIXED_IDENTIFIERS = List.of("pool", "workers", "workerGradients", "workerCol", "workerConv",
            "trainingPlanned", "planTraining", "predictReady", "predictParams", "parametersChanged",
            "frozen", "backwardLive", "setFrozen", "layers", "learns", "batchStatistics",
            "trainingForwardTasks", "inferenceForwardTasks", "backwardTasks", "reduceTask", "state", "planned", "forwardBatch",
            "lossReady", "training", "seed", "stepParams", "stepInput", "stepGrads", "stepInputGradient", "logits",
            "inputGradPart", "plan", "plannedBatch", "checkBatch", "checkLength", "forward", "backward", "loss",
            "outputActivation", "layerOutput", "predict", "predictTasks", "foldedTasks", "predictInput", "folded", "foldBatchNorm",
            "setBatchNormFolding", "fold", "output", "reduceSlice", "accumulate", "params", "grads", "input", "inputGrad",
            "batch", "maxBatch", "labels", "targets", "in", "out", "gOut", "gIn", "n0", "n1", "worker", "g", "n", "i", "k", "s",
            "f", "u", "p", "w", "m", "c", "e", "t", "x", "d", "z", "what", "array", "needed", "from", "to", "size", "end", "base",
            "mean", "inv", "scale", "shift", "sum", "sumDz", "sumDzXhat", "sumDzCentred", "gamma", "squares", "variance", "unbiased", "total",
            "count", "label", "max", "logSumExp", "invBatch", "acc", "oc", "col", "row", "inBase", "outBase", "dz", "y", "keep",
            "nc", "plane", "k0", "k1", "index", "task", "f0", "f1", "centerHi", "centerLo", "gScale", "gShift", "dScale",
            "Arrays", "Math", "System", "Float", "Double", "Integer", "Long",
            "String", "Object", "WorkerPool", "Dropouts", "Augments", "Generated", "Override", "IllegalArgumentException",
            "IllegalStateException", "IndexOutOfBoundsException");

    private JavaPassWriter() {
    }

    public static JavaFile write(NetworkSpec spec, Element origin) {
        LossCompatibility.requireComputable(spec);
        Schedule schedule = Schedule.of(spec);
        List<LayerContext> contexts = contexts(spec, schedule);
        List<LayerCode> codes = new ArrayList<>();
        for (LayerContext cx : contexts) {
            codes.add(codeFor(spec, cx));
        }
        LayerContext last = contexts.get(contexts.size() - 1);
        LossCode loss = new LossCode(spec, last);
        ClassName name = GeneratedNames.javaPass(spec);

        TypeSpec.Builder type = TypeSpec.classBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(GeneratedNames.JAVA_PASS)
                .addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build())
                .addJavadoc(classDoc(spec, codes, loss));
        if (origin != null) {
            type.addOriginatingElement(origin);
        }
        long scratch = 0;
        for (LayerCode c : codes) {
            scratch = Math.max(scratch, c.scratchFloats());
        }
        Passes passes = new Passes(spec, schedule, contexts, codes);
        addConstants(type, spec, scratch);
        addState(type, spec, schedule, contexts, passes);
        addConstructors(type, spec, codes, passes);
        addPlan(type, spec, schedule, contexts, codes, passes);
        passes.addForward(type);
        passes.addPredict(type);
        loss.addTo(type);
        passes.addBackward(type);
        passes.addFreezing(type);
        addAccessors(type, spec, contexts);
        for (LayerCode c : codes) {
            c.addTo(type);
        }
        return JavaFile.builder(GeneratedNames.packageName(spec), type.build())
                .addFileComment("Generated by Kiln from $L. Do not edit.\n\n", spec.qualifiedName())
                .addFileComment("Gradient policy: backward adds (+=) into parameter gradients and assigns (=) activation\n")
                .addFileComment("gradients, including the input gradient; a tensor read by several layers gets the sum of\n")
                .addFileComment("their gradients (the schedule's accumulation). Forward keeps what backward needs (outputs,\n")
                .addFileComment("max-pool argmaxes, dropout masks); backward runs the layers in reverse order.")
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    /** Constant prefixes from the layer names ({@code c1 -> C1}), or {@code L0_ ...} if any two could produce one name. */
    private static List<LayerContext> contexts(NetworkSpec spec, Schedule schedule) {
        List<Op> layers = spec.layers();
        List<String> prefixes = new ArrayList<>();
        for (Op l : layers) {
            prefixes.add(LayerContext.constantPrefix(l.name()));
        }
        boolean clash = false;
        for (int i = 0; i < prefixes.size() && !clash; i++) {
            String a = prefixes.get(i) + "_";
            for (String fixed : FIXED_CONSTANTS) {
                clash |= fixed.startsWith(a);
            }
            for (int j = 0; j < prefixes.size(); j++) {
                clash |= i != j && (prefixes.get(j) + "_").startsWith(a);
            }
        }
        List<String> fixed = new ArrayList<>(FIXED_IDENTIFIERS);
        for (int b = 0; b < schedule.gradientBufferSizes().size(); b++) {
            fixed.add(Passes.gradBufferField(b));
        }
        for (int k = 0; k <= layers.size() + 1; k++) {
            fixed.add("forwardSegment" + k);
            fixed.add("inferenceSegment" + k);
            fixed.add("forwardSegment" + k + "Tile");
            fixed.add("predictSegment" + k);
            fixed.add("predictSegment" + k + "Tile");
            fixed.add("foldedSegment" + k);
            fixed.add("foldedSegment" + k + "Tile");
            fixed.add("inferenceSegment" + k + "Tile");
            fixed.add("backwardSegment" + k);
        }
        NameAllocator names = NameAllocator.forJava(fixed);
        List<LayerContext> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Op l = layers.get(i);
            String prefix = clash ? "L" + i : prefixes.get(i);
            boolean isLast = i == layers.size() - 1;
            Activation activation = isLast ? LossCompatibility.lastLayerOwnActivation(spec.loss(), l.activation()) : l.activation();
            out.add(new LayerContext(l, i, prefix, activation, Passes.gradBufferField(schedule.gradientBuffer(l.name())), names));
        }
        return out;
    }

    /**
     * The layer's code; for an activation whose slope its output does not determine, the kind's code without it,
     * wrapped in {@link PreActivationCode}, which keeps the pre-activation.
     */
    private static LayerCode codeFor(NetworkSpec spec, LayerContext cx) {
        if (cx.activation().derivativeFromOutput()) {
            return kindCode(spec, cx);
        }
        LayerContext without = new LayerContext(cx.layer(), cx.index(), cx.prefix(), Activation.NONE, cx.gradField(), cx.names());
        return new PreActivationCode(cx, without, kindCode(spec, without));
    }

    /** Each kind's Java code, in one table: the compiler lists this visitor when a kind is added. */
    private static LayerCode kindCode(NetworkSpec spec, LayerContext cx) {
        return cx.layer().accept(new Op.Visitor<LayerCode>() {
            @Override
            public LayerCode conv(Conv2dOp op) {
                int bias = op.bias() ? offset(spec, op.name() + ".bias") : -1;
                return new ConvCode(cx, op, offset(spec, op.name() + ".weight"), bias);
            }

            @Override
            public LayerCode maxPool(MaxPool2dOp op) {
                return new PoolCode(cx, op, true);
            }

            @Override
            public LayerCode avgPool(AvgPool2dOp op) {
                return new PoolCode(cx, op, false);
            }

            @Override
            public LayerCode flatten(FlattenOp op) {
                return new FlattenCode(cx);
            }

            @Override
            public LayerCode dense(DenseOp op) {
                return new DenseCode(cx, op, offset(spec, op.name() + ".weight"), op.bias() ? offset(spec, op.name() + ".bias") : -1);
            }

            @Override
            public LayerCode dropout(DropoutOp op) {
                return new DropoutCode(cx, op);
            }

            @Override
            public LayerCode add(AddOp op) {
                return new AddCode(cx, op);
            }

            @Override
            public LayerCode concat(ConcatOp op) {
                return new ConcatCode(cx, op);
            }

            @Override
            public LayerCode batchNorm(BatchNormOp op) {
                return new BatchNormCode(cx, op, offset(spec, op.name() + ".weight"), offset(spec, op.name() + ".bias"),
                        spec.state().stream().filter(p -> p.name().equals(op.name() + ".running_mean")).findFirst()
                                .orElseThrow().offset());
            }

            @Override
            public LayerCode globalAvgPool(GlobalAvgPool2dOp op) {
                return new GlobalAvgPoolCode(cx, op);
            }

            @Override
            public LayerCode augment(AugmentOp op) {
                return new AugmentCode(cx, op);
            }

            @Override
            public LayerCode multiply(MultiplyOp op) {
                return new MultiplyCode(cx, op);
            }

            @Override
            public LayerCode slice(SliceOp op) {
                return new SliceCode(cx, op);
            }

            @Override
            public LayerCode channelShuffle(ChannelShuffleOp op) {
                return new ChannelShuffleCode(cx, op);
            }
        });
    }

    private static int offset(NetworkSpec spec, String param) {
        ParamSpec p = spec.param(param);
        return p.offset();
    }

    private static CodeBlock classDoc(NetworkSpec spec, List<LayerCode> codes, LossCode loss) {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("Fused, shape-specialised forward and backward of {@code $L}: $L parameters, input $L.\n\n",
                spec.qualifiedName(), spec.parameterCount(), LayerContext.shape(spec.input()));
        b.add("<p>What each layer's methods fuse:\n<ul>\n");
        for (LayerCode c : codes) {
            b.add("  <li>$L</li>\n", c.fusionNote());
        }
        b.add("  <li>$L</li>\n", loss.fusionNote());
        b.add("</ul>\n");
        b.add("A batch is split into one slice per worker; each worker takes its slice through every layer.\n");
        b.add("Parameter gradients are summed per worker and reduced in worker order, so runs repeat bit for bit.\n");
        return b.build();
    }

    private static FieldSpec constant(String name, long value, String doc) {
        return FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", Math.toIntExact(value)).addJavadoc("$L\n", doc).build();
    }

    private static void addConstants(TypeSpec.Builder type, NetworkSpec spec, long scratch) {
        type.addField(constant("INPUT_SIZE", spec.input().size(), "Elements of one input image " + spec.input() + "."));
        type.addField(constant("OUTPUT_SIZE", spec.output().size(), "Elements of one output " + spec.output() + "."));
        type.addField(constant("PARAMETERS", spec.parameterCount(), "Length of the flat parameter and gradient arrays."));
        type.addField(constant("WORKER_SCRATCH", scratch, "Floats of the largest small-plane im2col matrix, per worker."));
        type.addField(constant("STATE", spec.stateCount(), "Length of the state array (running statistics)."));
    }

    private static FieldSpec field(TypeName t, String name, String doc, Modifier... modifiers) {
        FieldSpec.Builder f = FieldSpec.builder(t, name, Modifier.PRIVATE).addModifiers(modifiers);
        return f.addJavadoc("$L\n", doc).build();
    }

    private static void addState(TypeSpec.Builder type, NetworkSpec spec, Schedule schedule, List<LayerContext> contexts,
                                 Passes passes) {
        TypeName floats = TypeName.get(float[].class);
        TypeName floats2 = TypeName.get(float[][].class);
        type.addField(field(WORKER_POOL, "pool", "The workers a batch is split over.", Modifier.FINAL));
        type.addField(field(TypeName.INT, "workers", "Workers in the pool: slices per batch.", Modifier.FINAL));
        type.addField(field(floats2, "workerGradients", "Each worker's parameter gradients, summed in worker order (the first forward"
                + " allocates them).", Modifier.FINAL));
        type.addField(field(floats2, "workerCol", "Each worker's im2col matrix of a small-plane conv's forward.", Modifier.FINAL));
        type.addField(field(ArrayTypeName.of(CONV_WORKSPACE), "workerConv",
                "Each worker's scratch for the convolution kernels, shared by every conv layer it runs: forward's first, backward's"
                        + " too from the first forward on.", Modifier.FINAL));
        passes.addTaskFields(type);
        passes.addPredictFields(type);
        type.addField(field(floats, "state", "Running statistics, NetworkSpec.state() layout; training forwards update them.",
                Modifier.FINAL));
        for (LayerContext cx : contexts) {
            type.addField(field(floats, cx.outField(), cx.name() + "'s output " + LayerContext.shape(cx.layer().output()) + "."));
        }
        List<Long> sizes = schedule.gradientBufferSizes();
        for (int b = 0; b < sizes.size(); b++) {
            List<String> users = new ArrayList<>();
            for (LayerContext cx : contexts) {
                if (cx.gradField().equals(Passes.gradBufferField(b))) {
                    users.add(cx.name());
                }
            }
            type.addField(field(floats, Passes.gradBufferField(b), "Gradient with respect to the output (then the pre-activation) of "
                    + String.join(", ", users) + ", one after the other (" + sizes.get(b) + " per image)."));
        }
        for (String t : passes.accumulated()) {
            type.addField(field(floats, passes.partField(t), "One reader's share of the gradient with respect to " + t
                    + ", before it is added to the others'."));
        }
        if (LossCode.separateLogits(spec)) {
            type.addField(field(floats, LossCode.LOGITS, "The last layer's pre-activation, read by the loss."));
        }
        type.addField(field(TypeName.INT, "planned", "Images the buffers hold."));
        type.addField(field(TypeName.INT, "trainingPlanned", "Images forward's and backward's buffers hold (0 until the first forward)."));
        type.addField(field(TypeName.INT, "forwardBatch", "Images of the last forward."));
        type.addField(field(TypeName.BOOLEAN, "lossReady", "Whether the loss gradient of the last forward is stored."));
        type.addField(field(TypeName.BOOLEAN, "training", "Whether the last forward dropped elements."));
        type.addField(field(TypeName.LONG, "seed", "The dropout seed of the last forward."));
        type.addField(field(TypeName.get(boolean[].class), "frozen", "Per layer: its parameters are frozen (setFrozen).", Modifier.FINAL));
        type.addField(field(TypeName.get(boolean[].class), "backwardLive",
                "Per layer: whether backward must run it without an input gradient (it learns, or something before it does).",
                Modifier.FINAL));
        type.addField(field(floats, "stepParams", "The parameters of the running forward or backward."));
        type.addField(field(floats, "stepInput", "The input of the last forward, read again by backward."));
        type.addField(field(floats, "stepGrads", "Where the running backward adds parameter gradients."));
        type.addField(field(floats, "stepInputGradient", "Where the running backward writes the input gradient, or null."));
    }

    private static void addConstructors(TypeSpec.Builder type, NetworkSpec spec, List<LayerCode> codes, Passes passes) {
        CodeBlock.Builder stateInit = CodeBlock.builder();
        for (ParamSpec p : spec.state()) {
            if (p.init() == Init.ONES) {
                stateInit.addStatement("$T.fill(state, $L, $L, 1f)", java.util.Arrays.class, p.offset(), p.offset() + p.size());
            }
        }
        CodeBlock.Builder perLayer = CodeBlock.builder();
        for (LayerCode c : codes) {
            c.addConstruction(perLayer);
        }
        type.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A pass on the shared pool, one worker per core.\n")
                .addStatement("this($T.shared())", WORKER_POOL)
                .build());
        type.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A pass on {@code pool}; results are repeatable for a given number of workers.\n")
                .addParameter(WORKER_POOL, "pool")
                .addStatement("this.pool = pool")
                .addStatement("this.workers = pool.workers()")
                .addStatement("this.workerGradients = new float[workers][]")
                .addStatement("this.workerCol = new float[workers][WORKER_SCRATCH]")
                .addCode(convWorkspaces(codes))
                .addStatement("this.state = new float[STATE]")
                .addStatement("this.frozen = new boolean[$L]", spec.layers().size())
                .addStatement("this.backwardLive = new boolean[$L]", spec.layers().size())
                .addStatement("setFrozen(new boolean[$L])", spec.layers().size())
                .addCode(stateInit.build())
                .addCode(passes.taskConstruction())
                .addCode(passes.predictConstruction())
                .addCode(perLayer.build())
                .build());
    }

    /** {@code workerConv}: one workspace per worker big enough for every conv layer on the runtime kernels (none without such layers). */
    private static CodeBlock convWorkspaces(List<LayerCode> codes) {
        return convWorkspaces(codes, false, true);
    }

    /** The {@code workerConv} statements: created (in the constructor) or replaced by ones with backward's arrays too. */
    private static CodeBlock convWorkspaces(List<LayerCode> codes, boolean training, boolean create) {
        List<String> convs = new ArrayList<>();
        for (LayerCode code : codes) {
            LayerCode c = code instanceof PreActivationCode wrapped ? wrapped.inner() : code; // a conv keeping its pre-activation
            if (c instanceof ConvCode conv && conv.kernel()) {
                convs.add(conv.convolutionConstant());
            }
        }
        CodeBlock.Builder b = CodeBlock.builder();
        if (create) {
            b.addStatement("this.workerConv = new $T[workers]", CONV_WORKSPACE);
        }
        if (!convs.isEmpty()) {
            b.beginControlFlow("for (int w = 0; w < workers; w++)")
                    .addStatement("workerConv[w] = $T.forAll($L, $L)", CONV_WORKSPACE, training, String.join(", ", convs))
                    .endControlFlow();
        }
        return b.build();
    }

    private static void addPlan(TypeSpec.Builder type, NetworkSpec spec, Schedule schedule, List<LayerContext> contexts,
                                List<LayerCode> codes, Passes passes) {
        CodeBlock.Builder b = CodeBlock.builder();
        b.beginControlFlow("if (maxBatch < 1)");
        b.addStatement("throw new $T($S + maxBatch)", IllegalArgumentException.class,
                spec.simpleName() + "JavaPass.plan: a batch holds at least 1 image, got ");
        b.endControlFlow();
        b.beginControlFlow("if (maxBatch <= planned)").addStatement("return").endControlFlow();
        b.addStatement("planned = maxBatch");
        // predict's outputs now (its intermediates live in its arenas); every other layer's output, the gradients and the
        // logits on the first forward (planTraining), so that a pass used for inference only holds no training buffers
        java.util.Set<String> predictFields = passes.predictFields();
        CodeBlock.Builder training = CodeBlock.builder();
        for (int i = 0; i < contexts.size(); i++) {
            LayerContext cx = contexts.get(i);
            (predictFields.contains(cx.outField()) ? b : training)
                    .addStatement("$L = new float[planned * $L]", cx.outField(), cx.layer().output().size());
            codes.get(i).addPlanning(b);
        }
        List<Long> sizes = schedule.gradientBufferSizes();
        for (int g = 0; g < sizes.size(); g++) {
            training.addStatement("$L = new float[planned * $L]", Passes.gradBufferField(g), sizes.get(g));
        }
        for (String t : passes.accumulated()) {
            training.addStatement("$L = new float[planned * $L]", passes.partField(t), spec.shape(t).size());
        }
        if (LossCode.separateLogits(spec)) {
            (predictFields.contains(LossCode.LOGITS) ? b : training).addStatement("$L = new float[planned * OUTPUT_SIZE]", LossCode.LOGITS);
        }
        training.beginControlFlow("if (trainingPlanned == 0)");
        training.add("// once: the workers' gradients and the conv kernels' backward scratch\n");
        training.beginControlFlow("for (int w = 0; w < workers; w++)").addStatement("workerGradients[w] = new float[PARAMETERS]").endControlFlow();
        training.add(convWorkspaces(codes, true, false));
        training.endControlFlow();
        training.addStatement("trainingPlanned = planned");
        type.addMethod(MethodSpec.methodBuilder("plan").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(int.class, "maxBatch").addCode(b.build())
                .build());
        type.addMethod(MethodSpec.methodBuilder("planTraining").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The buffers forward and backward need beyond predict's, for the planned batch: the first forward allocates them.\n")
                .addCode(training.build()).build());
        type.addMethod(MethodSpec.methodBuilder("plannedBatch").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(int.class).addStatement("return planned").build());
        type.addMethod(MethodSpec.methodBuilder("checkBatch").addModifiers(Modifier.PRIVATE).addParameter(int.class, "batch")
                .beginControlFlow("if (batch < 1 || batch > planned)")
                .addStatement("throw new $T($S + batch + $S + planned + $S)", IllegalArgumentException.class,
                        spec.simpleName() + "JavaPass: a batch of ", " images, but the buffers hold 1 to ",
                        " (plan(maxBatch) sets that)")
                .endControlFlow()
                .build());
        type.addMethod(MethodSpec.methodBuilder("checkLength").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(String.class, "what").addParameter(float[].class, "array").addParameter(long.class, "needed")
                .beginControlFlow("if (array.length < needed)")
                .addStatement("throw new $T($S + what + $S + needed + $S + array.length)", IllegalArgumentException.class,
                        spec.simpleName() + "JavaPass: '", "' needs at least ", " floats, but has ")
                .endControlFlow()
                .build());
    }

    private static void addAccessors(TypeSpec.Builder type, NetworkSpec spec, List<LayerContext> contexts) {
        CodeBlock.Builder b = CodeBlock.builder();
        b.beginControlFlow("switch (index)");
        for (LayerContext cx : contexts) {
            b.addStatement("case $L: return $L", cx.index(), cx.outField());
        }
        b.addStatement("default: throw new $T($S + index + $S)", IndexOutOfBoundsException.class,
                spec.simpleName() + " has layers 0 to " + (contexts.size() - 1) + ", not ", "");
        b.endControlFlow();
        type.addMethod(MethodSpec.methodBuilder("layerOutput").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(int.class, "index").returns(float[].class).addCode(b.build()).build());
        type.addMethod(MethodSpec.methodBuilder("state").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(float[].class).addStatement("return state").build());
        type.addMethod(MethodSpec.methodBuilder("output").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(float[].class).addStatement("return $L", contexts.get(contexts.size() - 1).outField()).build());
    }
}
