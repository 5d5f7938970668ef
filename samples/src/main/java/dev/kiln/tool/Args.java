package dev.kiln.tool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A verb's parsed command line: positional words and {@code --name value}, {@code --name=value}
 * or {@code --flag} options, checked against the options the verb declares. Typed getters say
 * which option was malformed and what it needs.
 */
final class Args {
    private final String verb;
    private final List<String> positional;
    private final Map<String, String> values;

    private Args(String verb, List<String> positional, Map<String, String> values) {
        this.verb = verb;
        this.positional = positional;
        this.values = values;
    }

    static Args parse(String verb, List<Option> options, String[] words) {
        Map<String, Option> known = new HashMap<>();
        for (Option o : options) {
            known.put(o.name(), o);
        }
        List<String> positional = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (!w.startsWith("--") || w.equals("--")) {
                positional.add(w);
                continue;
            }
            String name = w.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option o = known.get(name);
            if (o == null) {
                throw new UsageException("kiln " + verb + " has no option --" + name + "; see kiln " + verb + " --help");
            }
            if (values.containsKey(name)) {
                throw new UsageException("--" + name + " is given twice");
            }
            if (!o.takesValue()) {
                if (inline != null) {
                    throw new UsageException("--" + name + " is a flag and takes no value, got '" + inline + "'");
                }
                values.put(name, "true");
            } else if (inline != null) {
                values.put(name, inline);
            } else if (i + 1 < words.length && !words[i + 1].startsWith("--")) {
                values.put(name, words[++i]);
            } else {
                throw new UsageException("--" + name + " needs a value: " + o.synopsis());
            }
        }
        return new Args(verb, List.copyOf(positional), values);
    }

    String verb() {
        return verb;
    }

    List<String> positional() {
        return positional;
    }

    /** The one positional word (the spec name); a usage error naming {@code what} when there is none or more. */
    String single(String what) {
        if (positional.size() != 1) {
            throw new UsageException("kiln " + verb + " takes one " + what + (positional.isEmpty() ? ", none was given"
                    : ", got " + positional.size() + ": " + positional) + "; see kiln " + verb + " --help");
        }
        return positional.get(0);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** A value that must be given. */
    String required(String name, String why) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("kiln " + verb + " needs --" + name + ": " + why);
        }
        return v;
    }

    Path path(String name, Path fallback) {
        String v = values.get(name);
        return v == null ? fallback : Path.of(v);
    }

    /** An integer of at least {@code min}. */
    int integer(String name, int fallback, int min) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, got '" + v + "'");
        }
        if (n < min) {
            throw new UsageException("--" + name + " must be at least " + min + ", got " + n);
        }
        return n;
    }

    long longValue(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, got '" + v + "'");
        }
    }

    /** A positive finite number. */
    double positive(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a number, got '" + v + "'");
        }
        if (!(d > 0) || !Double.isFinite(d)) {
            throw new UsageException("--" + name + " must be a positive number, got " + v);
        }
        return d;
    }

    /** One of {@code choices} (case-insensitive), returned in lower case. */
    String choice(String name, String fallback, List<String> choices) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (!choices.contains(lower)) {
            throw new UsageException("--" + name + " must be one of " + String.join(", ", choices) + ", got '" + v + "'");
        }
        return lower;
    }
}
