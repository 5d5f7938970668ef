package dev.kiln.interop.imports;

import java.util.Arrays;

/**
 * What this build's DSL ({@code dev.kiln.dsl}) can declare, looked up by reflection, so that an import
 * needing a kind or option the DSL does not have yet (issue 23's grouped convolutions, multiply,
 * slices, channel shuffle, ceil-mode pooling, new activations) is refused naming the node, instead of
 * writing a spec that does not compile.
 */
final class DslFeatures {
    private static final String DSL = "dev.kiln.dsl.";

    private DslFeatures() {
    }

    /** Whether {@code @Name} exists, e.g. {@code Multiply}. */
    static boolean hasAnnotation(String simpleName) {
        return type(simpleName) != null;
    }

    /** Whether {@code @Annotation} has the attribute {@code attribute}, e.g. {@code Conv2d.groups}. */
    static boolean hasAttribute(String annotation, String attribute) {
        Class<?> t = type(annotation);
        return t != null && Arrays.stream(t.getDeclaredMethods()).anyMatch(m -> m.getName().equals(attribute));
    }

    /** Whether {@code Activation.NAME} exists. */
    static boolean hasActivation(Activation a) {
        return Arrays.stream(dev.kiln.dsl.Activation.values()).anyMatch(v -> v.name().equals(a.name()));
    }

    private static Class<?> type(String simpleName) {
        try {
            return Class.forName(DSL + simpleName, false, DslFeatures.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
