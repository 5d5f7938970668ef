package dev.kiln.processor.validation;

import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.LayerKind;
import dev.kiln.spec.MaxPool2dOp;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.Optional;

/** {@code @MaxPool2d} and {@code @AvgPool2d}: size, stride (defaulting to the size) and padding, then the shape. */
final class PoolRule implements LayerRule {
    private final LayerKind kind;

    PoolRule(LayerKind kind) {
        this.kind = kind;
    }

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        int errors = c.diagnostics().errorCount();
        Optional<Pair> size = c.pair("size", null);
        Optional<Pair> stride = size.isPresent() ? c.pair("stride", size.get()) : Optional.empty();
        Optional<Pair> padding = c.pair("padding", null);
        size.filter(k -> k.anyBelow(1)).ifPresent(k ->
                c.error(Message.POOL_SIZE_OUT_OF_RANGE, c.anchor("size"), c.name(), k.text()));
        boolean strideGiven = !c.attribute("stride").ints().isEmpty();
        stride.filter(s -> strideGiven && s.anyBelow(1)).ifPresent(s ->
                c.error(Message.STRIDE_OUT_OF_RANGE, c.anchor("stride"), c.name(), s.text()));
        padding.filter(p -> p.anyBelow(0)).ifPresent(p ->
                c.error(Message.PADDING_OUT_OF_RANGE, c.anchor("padding"), c.name(), p.text()));
        if (c.diagnostics().errorCount() > errors || stride.isEmpty()) {
            return Optional.empty();
        }
        Pair k = size.get();
        Pair p = padding.get();
        if (p.h() > k.h() / 2 || p.w() > k.w() / 2) {
            String half = k.h() / 2 == k.w() / 2 ? Integer.toString(k.h() / 2) : "{" + k.h() / 2 + ", " + k.w() / 2 + "}";
            c.error(Message.POOL_PADDING_TOO_LARGE, c.anchor("padding"), c.name(), half, k.area(), p.text(), half);
            return Optional.empty();
        }
        Shape in = c.input();
        if (in == null) {
            return Optional.empty();
        }
        if (in.isVector()) {
            c.error(Message.NEEDS_IMAGE_INPUT, c.anchor(), c.name(), kind.displayName(), c.producerName());
            return Optional.empty();
        }
        Pair s = stride.get();
        long spanH = WindowFit.span(in.height(), p.h(), p.h(), k.h());
        long spanW = WindowFit.span(in.width(), p.w(), p.w(), k.w());
        if (spanH < 0 || spanW < 0) {
            String detail = p.isZero() ? "" : " with padding " + p.text();
            String needed = Math.max(1, k.h() - 2L * p.h()) + "x" + Math.max(1, k.w() - 2L * p.w());
            c.error(Message.POOL_TOO_LARGE, c.anchor("size"), c.name(), k.area(), detail, needed, c.producesText());
            return Optional.empty();
        }
        Window w = Window.symmetric(k.h(), k.w(), s.h(), s.w(), p.h(), p.w(), 1, 1);
        Op spec = kind == LayerKind.MAX_POOL2D ? new MaxPool2dOp(c.name(), c.from(), in, w) : new AvgPool2dOp(c.name(), c.from(), in, w);
        WindowFit.warnIfDropping(c, w, "pooling", spec.output());
        return Optional.of(spec);
    }
}
