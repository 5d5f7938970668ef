package dev.kiln.tool;

import java.util.ArrayList;
import java.util.List;

/** Helpers for verbs' option lists. */
final class Options {
    private Options() {
    }

    /** {@code first} then {@code second}, as one list. */
    static List<Option> concat(List<Option> first, List<Option> second) {
        List<Option> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
