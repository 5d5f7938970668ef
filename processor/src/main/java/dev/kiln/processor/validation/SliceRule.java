package dev.kiln.processor.validation;

import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import dev.kiln.spec.SliceOp;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code @Slice}: {@code channels = {start, end}} with {@code 0 <= start < end <= C} of the input (image or vector). */
final class SliceRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        List<Integer> channels = c.attribute("channels").ints();
        if (channels.size() != 2) {
            String written = channels.stream().map(String::valueOf).collect(Collectors.joining(", ", "{", "}"));
            c.error(Message.SLICE_ARITY, c.anchor("channels"), c.name(), channels.size(), written);
            return Optional.empty();
        }
        int start = channels.get(0);
        int end = channels.get(1);
        Shape in = c.input();
        if (in == null) {
            if (start < 0 || end <= start) {
                // wrong whatever the input: say so even when the input is unknown
                c.error(Message.SLICE_OUT_OF_RANGE, c.anchor("channels"), c.name(), start, end, "C", c.producerName(), "C");
            }
            return Optional.empty();
        }
        if (start < 0 || end <= start || end > in.channels()) {
            c.error(Message.SLICE_OUT_OF_RANGE, c.anchor("channels"), c.name(), start, end, in.channels(), c.producerName(),
                    in.channels());
            return Optional.empty();
        }
        return Optional.of(new SliceOp(c.name(), c.from(), in, start, end));
    }
}
