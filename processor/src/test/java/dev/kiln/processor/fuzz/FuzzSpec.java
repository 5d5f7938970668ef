package dev.kiln.processor.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A randomly generated spec as plain data: input, loss and layers, each layer an annotation name
 * and the attributes written out (absent ones take their defaults). Renders itself as a Java file.
 */
record FuzzSpec(String className, int channels, int height, int width, String loss, List<FuzzLayer> layers) {

    /**
     * One field: {@code kind} is the annotation's simple name; values are int[], Integer, Boolean, String (enum or
     * double source) and String[] ({@code from}).
     */
    record FuzzLayer(String name, String kind, Map<String, Object> attributes) {
        FuzzLayer {
            attributes = new LinkedHashMap<>(attributes);
        }

        int[] ints(String attribute, int[] ifAbsent) {
            Object v = attributes.get(attribute);
            return v == null ? ifAbsent : (int[]) v;
        }

        int integer(String attribute) {
            return (Integer) attributes.get(attribute);
        }

        boolean bool(String attribute, boolean ifAbsent) {
            Object v = attributes.get(attribute);
            return v == null ? ifAbsent : (Boolean) v;
        }

        String enumName(String attribute, String ifAbsent) {
            Object v = attributes.get(attribute);
            return v == null ? ifAbsent : (String) v;
        }

        /** A double attribute's source text ({@code 0.5}, {@code Double.NaN}), or {@code ifAbsent}. */
        String text(String attribute, String ifAbsent) {
            return enumName(attribute, ifAbsent);
        }

        /** The tensors it reads as written ({@code from}); empty for the previous field. */
        String[] from() {
            Object v = attributes.get("from");
            return v == null ? new String[0] : (String[]) v;
        }
    }

    String qualifiedName() {
        return "fuzz." + className;
    }

    String source() {
        StringBuilder b = new StringBuilder("package fuzz;\n\nimport dev.kiln.dsl.*;\n\n");
        b.append("@Network(channels = ").append(channels).append(", height = ").append(height).append(", width = ")
                .append(width).append(", loss = Loss.").append(loss).append(")\n");
        b.append("public abstract class ").append(className).append(" {\n");
        for (FuzzLayer l : layers) {
            b.append("    @").append(l.kind());
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Object> a : l.attributes().entrySet()) {
                parts.add(a.getKey() + " = " + literal(a.getKey(), a.getValue()));
            }
            if (!parts.isEmpty()) {
                b.append('(').append(String.join(", ", parts)).append(')');
            }
            b.append(" Layer ").append(l.name()).append(";\n");
        }
        return b.append("}\n").toString();
    }

    private static String literal(String attribute, Object value) {
        if (value instanceof String[] names) {
            List<String> items = new ArrayList<>();
            for (String n : names) {
                items.add("\"" + n + "\"");
            }
            return "{" + String.join(", ", items) + "}";
        }
        if (value instanceof int[] ints) {
            if (ints.length == 1) {
                return Integer.toString(ints[0]);
            }
            List<String> items = new ArrayList<>();
            for (int i : ints) {
                items.add(Integer.toString(i));
            }
            return "{" + String.join(", ", items) + "}";
        }
        if (value instanceof String s) {
            return switch (attribute) {
                case "activation" -> "Activation." + s;
                case "init" -> "Init." + s;
                case "paddingMode" -> "PaddingMode." + s;
                case "mode" -> "FlipMode." + s;
                case "fill" -> "FillMode." + s;
                default -> s;
            };
        }
        return String.valueOf(value);
    }
}
