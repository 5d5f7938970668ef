package dev.kiln.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationValue;

/**
 * One attribute of a layer or network annotation as the user wrote it (or its default), with the
 * annotation value to anchor messages on ({@code null} when the default applies, so that messages
 * anchor on the annotation itself).
 *
 * @param name   the attribute's name, e.g. {@code kernel}
 * @param value  an {@code Integer}, {@code Double}, {@code Boolean}, enum constant name ({@code String}),
 *               {@code List<Integer>} for {@code int[]} attributes or {@code List<String>} for {@code String[]}
 * @param anchor the explicit value, or null for a default
 */
public record Attribute(String name, Object value, AnnotationValue anchor) {

    public Attribute {
        if (value instanceof List<?> list) {
            value = List.copyOf(list);
        }
    }

    public boolean isDefault() {
        return anchor == null;
    }

    public int intValue() {
        return (Integer) value;
    }

    public double doubleValue() {
        return (Double) value;
    }

    public boolean booleanValue() {
        return (Boolean) value;
    }

    /** The constant's name of an enum attribute, e.g. {@code RELU}. */
    public String enumName() {
        return (String) value;
    }

    @SuppressWarnings("unchecked")
    public List<Integer> ints() {
        return (List<Integer>) value;
    }

    /** The values of a {@code String[]} attribute such as {@code from}. */
    @SuppressWarnings("unchecked")
    public List<String> strings() {
        return (List<String>) value;
    }
}
