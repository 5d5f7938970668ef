package dev.kiln.spec;

import java.util.List;

/**
 * {@code @ChannelShuffle}: ShuffleNet's channel shuffle, PyTorch's
 * {@code x.view(N, g, C/g, H, W).transpose(1, 2).reshape(N, C, H, W)}: output channel {@code j} is input
 * channel {@link #source(int)} {@code = (j % g) (C / g) + j / g}. On a vector the units are shuffled alike.
 */
public record ChannelShuffleOp(String name, String from, Shape input, int groups) implements UnaryOp {

    public ChannelShuffleOp {
        if (groups < 1 || input.channels() % groups != 0) {
            throw new IllegalArgumentException(name + ": groups = " + groups + " must divide the " + input.channels()
                    + " channels");
        }
    }

    @Override
    public Shape output() {
        return input;
    }

    /** The input channel output channel {@code j} holds. */
    public int source(int j) {
        int perGroup = input.channels() / groups;
        return (j % groups) * perGroup + j / groups;
    }

    @Override
    public LayerKind kind() {
        return LayerKind.CHANNEL_SHUFFLE;
    }

    @Override
    public Reach reach() {
        return Reach.POINTWISE;
    }

    @Override
    public boolean hasFilters() {
        return false;
    }

    @Override
    public ChannelShuffleOp withInputs(List<String> inputs) {
        return new ChannelShuffleOp(name, UnaryOp.single(inputs), input, groups);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.channelShuffle(this);
    }
}
