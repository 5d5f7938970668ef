package dev.kiln.processor.model;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @Network} class as written: its input and loss attributes and its layer fields in
 * declaration order. Unjudged; see {@link dev.kiln.processor.validation}.
 *
 * @param type            the annotated type
 * @param qualifiedName   its qualified name, e.g. {@code dev.kiln.samples.LeNet5}
 * @param mirror          the {@code @Network} annotation
 * @param attributes      channels, height, width and loss (the loss as an enum constant name)
 * @param layers          every field that is or claims to be a layer, in declaration order
 * @param topLevel        whether the type is declared at the top level of its file
 * @param isClass         whether the type is a class (not an interface, enum, record or annotation)
 */
public record NetworkDescriptor(TypeElement type, String qualifiedName, AnnotationMirror mirror,
                                Map<String, Attribute> attributes, List<LayerDescriptor> layers,
                                boolean topLevel, boolean isClass) {

    public NetworkDescriptor {
        attributes = Map.copyOf(attributes);
        layers = List.copyOf(layers);
    }

    public Attribute attribute(String name) {
        return attributes.get(name);
    }
}
