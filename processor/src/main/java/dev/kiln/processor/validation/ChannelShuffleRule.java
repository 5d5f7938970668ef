package dev.kiln.processor.validation;

import dev.kiln.spec.ChannelShuffleOp;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import java.util.Optional;

/** {@code @ChannelShuffle}: {@code groups >= 1} dividing the input's channels (an image's, or a vector's units). */
final class ChannelShuffleRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        int groups = c.attribute("groups").intValue();
        Shape in = c.input();
        if (groups < 1 || in != null && in.channels() % groups != 0) {
            String channels = in == null ? "" : " (" + in.channels() + ")";
            int divisor = in == null ? 2 : largestDivisorAtMost(in.channels(), Math.max(groups, 2));
            c.error(Message.SHUFFLE_GROUPS, c.anchor("groups"), c.name(), groups, c.producerName(), channels, divisor);
            return Optional.empty();
        }
        if (in == null) {
            return Optional.empty();
        }
        return Optional.of(new ChannelShuffleOp(c.name(), c.from(), in, groups));
    }

    /** The largest divisor of {@code n} not above {@code limit}. */
    static int largestDivisorAtMost(int n, int limit) {
        for (int d = Math.min(n, limit); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }
}
