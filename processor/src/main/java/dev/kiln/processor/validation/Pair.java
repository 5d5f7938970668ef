package dev.kiln.processor.validation;

/** A {height, width} attribute value after the one-or-two-values rule. */
record Pair(int h, int w) {

    boolean anyBelow(int min) {
        return h < min || w < min;
    }

    boolean isZero() {
        return h == 0 && w == 0;
    }

    /** {@code 5} for a square value, {@code {3, 5}} otherwise, as the user would write it. */
    String text() {
        return h == w ? Integer.toString(h) : "{" + h + ", " + w + "}";
    }

    /** {@code 5x5} or {@code 3x5}. */
    String area() {
        return h + "x" + w;
    }
}
