package dev.kiln.processor.validation;

import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.LayerKind;
import dev.kiln.spec.MaxPool2dOp;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.Optional;

/**
 * {@code @MaxPool2d} and {@code @AvgPool2d}: size, stride (defaulting to the size) and padding, then the shape,
 * rounded up with {@code ceilMode} as PyTorch's {@code ceil_mode} ({@link Window#outputSize}); average pooling's
 * {@code countIncludePad} needs no check. Unlike PyTorch, a ceil-mode window must still fit the padded input (PyTorch
 * lets it be up to {@code stride - 1} larger), and the generated code's table of window positions must fit an int.
 */
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
        boolean ceil = c.attribute("ceilMode").booleanValue();
        long outH = Window.outputSize(in.height(), p.h(), p.h(), k.h(), s.h(), ceil);
        long outW = Window.outputSize(in.width(), p.w(), p.w(), k.w(), s.w(), ceil);
        // the window must fit the padded input in ceil mode too (PyTorch lets it hang past by up to stride - 1)
        if (WindowFit.span(in.height(), p.h(), p.h(), k.h()) < 0 || WindowFit.span(in.width(), p.w(), p.w(), k.w()) < 0
                || outH < 1 || outW < 1) {
            String detail = p.isZero() ? "" : " with padding " + p.text();
            String needed = Math.max(1, k.h() - 2L * p.h()) + "x" + Math.max(1, k.w() - 2L * p.w());
            c.error(Message.POOL_TOO_LARGE, c.anchor("size"), c.name(), k.area(), detail, needed, c.producesText());
            return Optional.empty();
        }
        long table = Limits.product((long) k.h() * k.w(), outH, outW);
        if (table > Limits.MAX_ELEMENTS) {
            c.error(Message.POOL_TABLE_TOO_LARGE, c.anchor("size"), c.name(), k.area(), outH + "x" + outW, Limits.count(table));
            return Optional.empty();
        }
        Window w = Window.symmetric(k.h(), k.w(), s.h(), s.w(), p.h(), p.w(), 1, 1);
        Op spec = kind == LayerKind.MAX_POOL2D ? new MaxPool2dOp(c.name(), c.from(), in, w, ceil)
                : new AvgPool2dOp(c.name(), c.from(), in, w, ceil, c.attribute("countIncludePad").booleanValue());
        WindowFit.warnIfDropping(c, w, "pooling", spec.output());
        return Optional.of(spec);
    }
}
