package dev.kiln.spec;

/** {@code @Dropout}: inverted dropout of {@code rate} in training, the identity at inference. */
public record DropoutOp(String name, String from, Shape input, double rate) implements UnaryOp {

    @Override
    public Shape output() {
        return input;
    }

    @Override
    public LayerKind kind() {
        return LayerKind.DROPOUT;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dropout(this);
    }
}
