package dev.kiln.processor.model;

import dev.kiln.processor.model.LayerDescriptor.LayerAnnotation;
import dev.kiln.spec.LayerKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/** Reads a {@code @Network} type into a {@link NetworkDescriptor}, judging nothing. */
public final class NetworkReader {
    private final Elements elements;

    public NetworkReader(Elements elements) {
        this.elements = elements;
    }

    /**
     * Reads {@code type}, which carries {@code @Network}.
     *
     * @throws UnreadableSpecException when javac could not resolve a value or a field's type
     *                                 (javac has reported it already)
     */
    public NetworkDescriptor read(TypeElement type) throws UnreadableSpecException {
        AnnotationMirror network = find(type, LayerAnnotations.NETWORK)
                .orElseThrow(() -> new IllegalArgumentException(type + " has no @Network"));
        List<LayerDescriptor> layers = new ArrayList<>();
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            Optional<LayerDescriptor> layer = readField(field);
            if (layer.isPresent()) {
                layers.add(layer.get());
            }
        }
        boolean topLevel = type.getNestingKind() == NestingKind.TOP_LEVEL;
        return new NetworkDescriptor(type, type.getQualifiedName().toString(), network, attributes(network),
                layers, topLevel, type.getKind() == ElementKind.CLASS);
    }

    private Optional<LayerDescriptor> readField(VariableElement field) throws UnreadableSpecException {
        List<LayerAnnotation> annotations = new ArrayList<>();
        for (AnnotationMirror mirror : field.getAnnotationMirrors()) {
            String name = ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
            Optional<LayerKind> kind = LayerAnnotations.kindOf(name);
            if (kind.isPresent()) {
                annotations.add(new LayerAnnotation(kind.get(), mirror, attributes(mirror)));
            }
        }
        TypeMirror type = field.asType();
        if (type.getKind() == TypeKind.ERROR) {
            throw new UnreadableSpecException(field + " has an unresolved type");
        }
        boolean layerTyped = type.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(LayerAnnotations.LAYER_TYPE);
        boolean isStatic = field.getModifiers().contains(Modifier.STATIC);
        if (annotations.isEmpty() && !(layerTyped && !isStatic)) {
            return Optional.empty();
        }
        return Optional.of(new LayerDescriptor(field, field.getSimpleName().toString(), annotations, layerTyped,
                isStatic, type.toString()));
    }

    private static Optional<AnnotationMirror> find(Element element, String annotation) {
        for (AnnotationMirror m : element.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private Map<String, Attribute> attributes(AnnotationMirror mirror) throws UnreadableSpecException {
        Map<? extends ExecutableElement, ? extends AnnotationValue> explicit = mirror.getElementValues();
        Map<String, Attribute> result = new LinkedHashMap<>();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            String name = e.getKey().getSimpleName().toString();
            AnnotationValue anchor = explicit.get(e.getKey());
            result.put(name, new Attribute(name, plain(name, e.getKey().getReturnType(), e.getValue()), anchor));
        }
        for (ExecutableElement method : ElementFilter.methodsIn(mirror.getAnnotationType().asElement().getEnclosedElements())) {
            if (!result.containsKey(method.getSimpleName().toString())) {
                throw new UnreadableSpecException(mirror + " has no value for " + method.getSimpleName());
            }
        }
        return result;
    }

    /** The annotation value as plain Java data; see {@link Attribute#value()}. */
    private static Object plain(String name, TypeMirror type, AnnotationValue value) throws UnreadableSpecException {
        Object v = value.getValue();
        if (v instanceof Integer || v instanceof Double || v instanceof Boolean) {
            return v;
        }
        if (v instanceof VariableElement constant && constant.getKind() == ElementKind.ENUM_CONSTANT) {
            return constant.getSimpleName().toString();
        }
        if (v instanceof List<?> list) {
            // javac hands an unresolvable element (e.g. {3, UNKNOWN}) over as a string: check each
            // item against the array's declared element type, so that javac's own error stands alone
            boolean strings = type instanceof ArrayType array && array.getComponentType().getKind() == TypeKind.DECLARED;
            List<Object> items = new ArrayList<>();
            for (Object item : list) {
                Object iv = item instanceof AnnotationValue av ? av.getValue() : null;
                if (strings ? !(iv instanceof String) : !(iv instanceof Integer)) {
                    throw new UnreadableSpecException(name + " holds an unresolved value: " + item);
                }
                items.add(iv);
            }
            return items;
        }
        throw new UnreadableSpecException(name + " holds an unresolved value: " + value);
    }
}
