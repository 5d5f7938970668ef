package dev.kiln.dsl;

/**
 * The type of every layer field in a {@link Network} class. A field's annotation says what the
 * layer is; its name is the layer's name. Fields of this type are never assigned: the class is a
 * specification that Kiln's annotation processor reads at compile time.
 */
public final class Layer {
    private Layer() {
    }
}
