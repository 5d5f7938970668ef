package dev.kiln.processor.writer.opencl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kernel family's template ({@code dev/kiln/opencl/<family>.cl} in the opencl-kernels
 * module, read through {@link KernelSources}): its text and its parameters, the macros it declares
 * as {@code #ifndef X / #define X default}. An instance is the template between a {@code #define}
 * block that sets every parameter and an {@code #undef} block that clears them, so copies never
 * see each other's values and nothing is spliced into kernel bodies. A program is
 * {@link KernelSources#prelude()} (the activations, index helpers and window arithmetic every
 * template uses) followed by the instances.
 */
final class KernelTemplate {
    private static final Pattern PARAMETER = Pattern.compile("^#ifndef (\\w+)\\s*\\n#define \\1\\b", Pattern.MULTILINE);
    private static final Map<String, KernelTemplate> LOADED = new ConcurrentHashMap<>();

    private final String family;
    private final String text;
    private final List<String> parameters;

    private KernelTemplate(String family, String text) {
        this.family = family;
        this.text = text;
        List<String> ps = new ArrayList<>();
        Matcher m = PARAMETER.matcher(text);
        while (m.find()) {
            ps.add(m.group(1));
        }
        this.parameters = List.copyOf(ps);
    }

    /** The template of {@code family} ({@code conv}, {@code pool}, ...), read once from the classpath. */
    static KernelTemplate of(String family) {
        return LOADED.computeIfAbsent(family, f -> new KernelTemplate(f, KernelSources.text(f)));
    }

    List<String> parameters() {
        return parameters;
    }

    /**
     * The template specialised by {@code values}, which must set every parameter and nothing else
     * (a parameter left to its default would leak into the next copy of the template).
     */
    String instantiate(String title, Map<String, String> values) {
        if (!values.keySet().equals(new HashSet<>(parameters))) {
            throw new IllegalArgumentException(family + ".cl for " + title + ": the values must set exactly the parameters "
                    + parameters + ", but set " + values.keySet());
        }
        StringBuilder b = new StringBuilder();
        b.append("\n/* ===== ").append(title).append(": ").append(family).append(".cl ===== */\n");
        for (String p : parameters) {
            b.append("#define ").append(p).append(' ').append(values.get(p)).append('\n');
        }
        b.append(text);
        if (!text.endsWith("\n")) {
            b.append('\n');
        }
        for (String p : parameters) {
            b.append("#undef ").append(p).append('\n');
        }
        return b.toString();
    }
}
