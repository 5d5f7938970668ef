package dev.kiln.tool;

/**
 * One {@code --name} a verb accepts.
 *
 * @param name      without the dashes, e.g. {@code epochs}
 * @param valueName how help shows the value, e.g. {@code N}; null for a flag without value
 * @param help      one line
 */
record Option(String name, String valueName, String help) {

    static Option value(String name, String valueName, String help) {
        return new Option(name, valueName, help);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, help);
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** {@code --epochs N}, as help lists it. */
    String synopsis() {
        return "--" + name + (takesValue() ? " " + valueName : "");
    }
}
