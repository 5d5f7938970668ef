package dev.kiln.processor.validation;

import dev.kiln.dsl.Loss;
import dev.kiln.processor.model.Attribute;
import dev.kiln.processor.model.LayerDescriptor.LayerAnnotation;
import dev.kiln.processor.model.LayerDescriptor;
import dev.kiln.processor.model.NetworkDescriptor;
import dev.kiln.spec.LayerKind;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/**
 * Validates a whole network: the class, the input, every field, every layer's attributes and shape,
 * the totals, and the loss. It reports everything it can find in one pass: after a layer whose
 * shape cannot be computed, later layers still get their context-free checks.
 *
 * <p>Decisions this validator enforces (each with its {@link Message}):
 * <ul>
 *   <li>A network is a top-level class, abstract or not, of any visibility; interfaces, enums,
 *       records and nested classes are refused.</li>
 *   <li>Its layers are its own instance fields of type {@code Layer} carrying one layer
 *       annotation, in declaration order (inherited fields are not layers). Each reads the previous
 *       field unless its {@code from} names earlier fields or {@code "input"}; a layer may not read
 *       itself or a later field, and every layer but the last must be read by a later one. An instance
 *       {@code Layer} field without one is an error; static fields and fields of other types
 *       without a layer annotation are ignored, so constants can live in the spec.</li>
 *   <li>A dense layer after an image output is an error asking for {@code @Flatten}: Kiln never
 *       flattens implicitly.</li>
 *   <li>{@code same = true} with explicit padding is an error; {@code same} with an even kernel is
 *       supported (Keras' asymmetric padding, the extra row and column at the bottom and right).</li>
 *   <li>Augmentation layers ({@code @RandomFlip} ...) stand only at the start: before any other
 *       layer, each reading the input or an earlier augmentation layer.</li>
 *   <li>Every per-image activation and the parameter count must fit an {@code int}, the index type
 *       of the generated Java and OpenCL code.</li>
 * </ul>
 */
public final class NetworkValidator {
    /** Each kind's rule: a new {@link LayerKind} is a compile error here until it has one. */
    private static LayerRule rule(LayerKind kind) {
        return switch (kind) {
            case CONV2D -> new ConvRule();
            case MAX_POOL2D, AVG_POOL2D -> new PoolRule(kind);
            case FLATTEN -> new FlattenRule();
            case DENSE -> new DenseRule();
            case DROPOUT -> new DropoutRule();
            case ADD -> new AddRule();
            case CONCAT -> new ConcatRule();
            case BATCH_NORM -> new BatchNormRule();
            case GLOBAL_AVG_POOL2D -> new GlobalAvgPoolRule();
            case RANDOM_FLIP, RANDOM_TRANSLATION, RANDOM_ROTATION, RANDOM_ZOOM, RANDOM_CONTRAST -> new AugmentRule(kind);
            case MULTIPLY -> new MultiplyRule();
            case SLICE -> new SliceRule();
            case CHANNEL_SHUFFLE -> new ChannelShuffleRule();
        };
    }

    /** {@code " (did you mean 'b1'?)"} for the nearest known name within a few edits, else nothing. */
    static String suggestion(String unknown, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(unknown, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, unknown.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    /** Levenshtein distance. */
    private static int editDistance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    public ValidationReport validate(NetworkDescriptor network) {
        Diagnostics diagnostics = new Diagnostics();
        String simpleName = network.type().getSimpleName().toString();
        if (!network.isClass()) {
            diagnostics.error(Message.NETWORK_NOT_A_CLASS, Anchor.on(network.type(), network.mirror()), simpleName,
                    simpleName, article(network.type().getKind()), simpleName);
            return new ValidationReport(diagnostics.all(), Optional.empty());
        }
        if (!network.topLevel()) {
            Element outer = network.type().getEnclosingElement();
            diagnostics.error(Message.NETWORK_NOT_TOP_LEVEL, Anchor.on(network.type(), network.mirror()), simpleName,
                    outer.getSimpleName(), simpleName);
        }
        Shape input = checkInput(network, simpleName, diagnostics);
        if (network.layers().isEmpty()) {
            diagnostics.error(Message.EMPTY_NETWORK, Anchor.on(network.type(), network.mirror()), simpleName);
        }
        if (network.layers().size() > Limits.MAX_LAYERS) {
            diagnostics.error(Message.TOO_MANY_LAYERS, Anchor.on(network.type(), network.mirror()), simpleName,
                    Limits.MAX_LAYERS, network.layers().size());
        }
        List<Op> specs = new ArrayList<>();
        List<LayerDescriptor> declared = new ArrayList<>();
        // every field's name, to tell a later layer from an unknown one in 'from'
        Set<String> allNames = new LinkedHashSet<>();
        for (LayerDescriptor field : network.layers()) {
            allNames.add(field.name());
        }
        // shapes of the tensors seen so far; a null value: declared, but its shape is unknown after an error
        Map<String, Shape> shapes = new HashMap<>();
        shapes.put(Op.INPUT, input);
        Set<String> read = new HashSet<>();
        String previous = Op.INPUT;
        // Multiplies need no limit of their own: each layer's are at most 2^31 outputs times a fan-in
        // no larger than its parameters, so the total stays below 2^31 x 2^31 and fits a long.
        long parameters = 0;
        // the first declared layer that is not an augmentation (after it, none may follow), and the augmentation layers
        String firstOther = null;
        Set<String> augmentations = new HashSet<>();
        for (LayerDescriptor field : network.layers()) {
            boolean wellFormed = checkField(field, diagnostics);
            Optional<LayerAnnotation> annotation = field.single();
            String name = field.name();
            if (annotation.isEmpty()) {
                shapes.put(name, null);
                previous = name;
                continue;
            }
            LayerAnnotation a = annotation.get();
            if (name.equals(Op.INPUT)) {
                diagnostics.error(Message.RESERVED_LAYER_NAME, Anchor.on(field.field(), a.mirror()), name);
                wellFormed = false;
            }
            declared.add(field);
            Attribute fromAttribute = a.attribute("from");
            Anchor fromAnchor = new Anchor(field.field(), a.mirror(), fromAttribute.anchor());
            List<String> inputs = fromAttribute.strings().isEmpty() ? List.of(previous) : fromAttribute.strings();
            boolean merge = a.kind().isMerge();
            boolean known = wellFormed;
            if (merge && inputs.size() < 2) {
                diagnostics.error(Message.MERGE_NEEDS_TWO, fromAnchor, name, a.kind().displayName(), inputs);
                known = false;
            } else if (!merge && inputs.size() != 1) {
                diagnostics.error(Message.FROM_ARITY, fromAnchor, name, a.kind().displayName(), inputs.size(), String.join(", ", inputs));
                known = false;
            }
            List<Shape> inputShapes = new ArrayList<>();
            for (String t : inputs) {
                read.add(t);
                if (!shapes.containsKey(t)) {
                    if (allNames.contains(t) && !t.equals(name)) {
                        diagnostics.error(Message.FROM_LATER, fromAnchor, name, t, t, name);
                    } else if (t.equals(name)) {
                        diagnostics.error(Message.FROM_LATER, fromAnchor, name, t + " (itself)", "the layer it reads", name);
                    } else {
                        diagnostics.error(Message.FROM_UNKNOWN, fromAnchor, name, t, suggestion(t, shapes.keySet()), name);
                    }
                    known = false;
                } else if (shapes.get(t) == null) {
                    known = false;
                } else {
                    inputShapes.add(shapes.get(t));
                }
            }
            if (a.kind().isAugmentation()) {
                String where = null;
                if (firstOther != null) {
                    where = "it comes after " + firstOther;
                } else if (inputs.size() == 1 && !inputs.get(0).equals(Op.INPUT) && !augmentations.contains(inputs.get(0))) {
                    where = "it reads " + inputs.get(0) + ", which is not one";
                }
                if (where != null) {
                    diagnostics.error(Message.AUGMENT_NOT_AT_START, fromAttribute.isDefault() ? Anchor.on(field.field(), a.mirror())
                            : fromAnchor, name, a.kind().displayName(), where);
                    known = false;
                }
                augmentations.add(name);
            } else if (firstOther == null) {
                firstOther = name;
            }
            RuleContext context = new RuleContext(field, a, inputs, known ? List.copyOf(inputShapes) : null, diagnostics);
            previous = name;
            shapes.put(name, null);
            Optional<? extends Op> layer = rule(a.kind()).check(context);
            if (layer.isEmpty()) {
                continue;
            }
            Op spec = layer.get();
            parameters += spec.parameterCount();
            if (parameters > Limits.MAX_ELEMENTS) {
                diagnostics.error(Message.TOO_MANY_PARAMETERS, context.anchor(), field.name(), "the network up to this layer",
                        Limits.count(parameters), "filters or units here or in earlier layers");
                continue;
            }
            specs.add(spec);
            shapes.put(name, spec.output());
        }
        // every layer but the last must be read by a later one (judged only on an otherwise valid
        // graph: after an error in a field or a 'from', what reads what is not known)
        boolean graphKnown = !diagnostics.hasErrors();
        for (int i = 0; i < declared.size() - 1 && graphKnown; i++) {
            LayerDescriptor field = declared.get(i);
            if (!read.contains(field.name())) {
                // the next layer names others in its 'from' (else it would read this one by default)
                LayerDescriptor next = declared.get(i + 1);
                String nextReads = "the next layer, " + next.name() + ", reads " + String.join(", ",
                        next.single().orElseThrow().attribute("from").strings()) + ", and no later 'from' names " + field.name();
                diagnostics.error(Message.UNUSED_LAYER, Anchor.on(field.field(), field.single().orElseThrow().mirror()),
                        field.name(), nextReads, field.name());
            }
        }
        Attribute loss = network.attribute("loss");
        List<LayerDescriptor> all = network.layers();
        boolean lastKnown = !all.isEmpty() && all.get(all.size() - 1).single().isPresent();
        LossRule.check(Loss.valueOf(loss.enumName()), declared, lastKnown, diagnostics);
        if (diagnostics.hasErrors()) {
            return new ValidationReport(diagnostics.all(), Optional.empty());
        }
        NetworkSpec spec = new NetworkSpec(network.qualifiedName(), input, Loss.valueOf(loss.enumName()), specs);
        return new ValidationReport(diagnostics.all(), Optional.of(spec));
    }

    /** The input shape, or null after reporting what is wrong with it. */
    private static Shape checkInput(NetworkDescriptor network, String simpleName, Diagnostics diagnostics) {
        boolean valid = true;
        String[] names = {"channels", "height", "width"};
        String[] meaning = {"channel count", "height", "width"};
        long[] dims = new long[3];
        for (int i = 0; i < 3; i++) {
            Attribute a = network.attribute(names[i]);
            dims[i] = a.intValue();
            if (a.intValue() < 1) {
                diagnostics.error(Message.INPUT_OUT_OF_RANGE, new Anchor(network.type(), network.mirror(), a.anchor()),
                        simpleName, names[i], a.intValue(), meaning[i]);
                valid = false;
            }
        }
        if (!valid) {
            return null;
        }
        long size = Limits.product(dims[0], dims[1], dims[2]);
        if (size > Limits.MAX_ELEMENTS) {
            diagnostics.error(Message.INPUT_TOO_LARGE, Anchor.on(network.type(), network.mirror()), simpleName,
                    dims[0], dims[1], dims[2], Limits.count(size));
            return null;
        }
        return Shape.of((int) dims[0], (int) dims[1], (int) dims[2]);
    }

    /** Reports what is wrong with the field itself; true when it is a well-formed layer field. */
    private static boolean checkField(LayerDescriptor field, Diagnostics diagnostics) {
        List<LayerAnnotation> annotations = field.annotations();
        if (annotations.isEmpty()) {
            diagnostics.error(Message.MISSING_LAYER_ANNOTATION, Anchor.on(field.field()), field.name());
            return false;
        }
        boolean wellFormed = true;
        if (annotations.size() > 1) {
            String names = annotations.stream().map(a -> "@" + a.kind().displayName()).collect(Collectors.joining(", "));
            diagnostics.error(Message.SEVERAL_LAYER_ANNOTATIONS, Anchor.on(field.field(), annotations.get(1).mirror()),
                    field.name(), annotations.size(), names);
            wellFormed = false;
        }
        if (!field.layerTyped()) {
            diagnostics.error(Message.FIELD_NOT_LAYER, Anchor.on(field.field(), annotations.get(0).mirror()), field.name(),
                    annotations.get(0).kind().displayName(), field.declaredType(), field.name());
            wellFormed = false;
        }
        if (field.isStatic()) {
            diagnostics.error(Message.STATIC_LAYER, Anchor.on(field.field(), annotations.get(0).mirror()), field.name());
            wellFormed = false;
        }
        return wellFormed;
    }

    private static String article(ElementKind kind) {
        return switch (kind) {
            case INTERFACE -> "an interface";
            case ENUM -> "an enum";
            case ANNOTATION_TYPE -> "an annotation type";
            case RECORD -> "a record";
            default -> "a " + kind.name().toLowerCase(Locale.ROOT);
        };
    }
}
