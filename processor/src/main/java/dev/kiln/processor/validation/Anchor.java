package dev.kiln.processor.validation;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a diagnostic points: an element, optionally narrowed to one of its annotations and to one
 * value of that annotation (javac underlines the narrowest one given).
 */
public record Anchor(Element element, AnnotationMirror mirror, AnnotationValue value) {

    public static Anchor on(Element element) {
        return new Anchor(element, null, null);
    }

    public static Anchor on(Element element, AnnotationMirror mirror) {
        return new Anchor(element, mirror, null);
    }
}
