package dev.kiln.processor.validation;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.Optional;

/** {@code @Conv2d}: filters, groups, kernel, stride, dilation, padding and {@code same}, then the shape. */
final class ConvRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        int errors = c.diagnostics().errorCount();
        int filters = c.attribute("filters").intValue();
        if (filters < 1) {
            c.error(Message.FILTERS_OUT_OF_RANGE, c.anchor("filters"), c.name(), filters);
        }
        int groups = c.attribute("groups").intValue();
        if (groups < 1) {
            c.error(Message.GROUPS_OUT_OF_RANGE, c.anchor("groups"), c.name(), groups);
        }
        Optional<Pair> kernel = c.pair("kernel", null);
        Optional<Pair> stride = c.pair("stride", null);
        Optional<Pair> dilation = c.pair("dilation", null);
        Optional<Pair> padding = c.pair("padding", null);
        boolean same = c.attribute("same").booleanValue();
        kernel.filter(k -> k.anyBelow(1)).ifPresent(k ->
                c.error(Message.KERNEL_OUT_OF_RANGE, c.anchor("kernel"), c.name(), k.text()));
        stride.filter(s -> s.anyBelow(1)).ifPresent(s ->
                c.error(Message.STRIDE_OUT_OF_RANGE, c.anchor("stride"), c.name(), s.text()));
        dilation.filter(d -> d.anyBelow(1)).ifPresent(d ->
                c.error(Message.DILATION_OUT_OF_RANGE, c.anchor("dilation"), c.name(), d.text()));
        padding.filter(p -> p.anyBelow(0)).ifPresent(p ->
                c.error(Message.PADDING_OUT_OF_RANGE, c.anchor("padding"), c.name(), p.text()));
        if (same && padding.isPresent() && !padding.get().isZero()) {
            c.error(Message.SAME_WITH_PADDING, c.anchor("padding"), c.name(), padding.get().text());
        }
        if (c.diagnostics().errorCount() > errors) {
            return Optional.empty();
        }
        Pair k = kernel.get();
        Pair d = dilation.get();
        long extentH = (long) d.h() * (k.h() - 1) + 1;
        long extentW = (long) d.w() * (k.w() - 1) + 1;
        if (extentH > Limits.MAX_ELEMENTS || extentW > Limits.MAX_ELEMENTS) {
            c.error(Message.KERNEL_EXTENT_TOO_LARGE, c.anchor("dilation"), c.name(), k.area(), d.text(), extentH + "x" + extentW);
            return Optional.empty();
        }
        Pair p = padding.get();
        if (!same && (p.h() >= extentH || p.w() >= extentW)) {
            String extent = extentH + "x" + extentW;
            String most = (extentH - 1) == (extentW - 1) ? Long.toString(extentH - 1) : "{" + (extentH - 1) + ", " + (extentW - 1) + "}";
            String keep = (extentH - 1) / 2 == (extentW - 1) / 2 ? Long.toString((extentH - 1) / 2)
                    : "{" + (extentH - 1) / 2 + ", " + (extentW - 1) / 2 + "}";
            c.error(Message.CONV_PADDING_TOO_LARGE, c.anchor("padding"), c.name(), extent, most, p.text(), keep);
            return Optional.empty();
        }
        Shape in = c.input();
        if (in == null) {
            return Optional.empty();
        }
        if (in.isVector()) {
            c.error(Message.NEEDS_IMAGE_INPUT, c.anchor(), c.name(), "Conv2d", c.producerName());
            return Optional.empty();
        }
        if (in.channels() % groups != 0 || filters % groups != 0) {
            c.error(Message.GROUPS_DO_NOT_DIVIDE, c.anchor("groups"), c.name(), groups, c.producerName(), in.channels(), filters,
                    gcd(in.channels(), filters));
            return Optional.empty();
        }
        Pair s = stride.get();
        Window w = same ? Window.same(in.height(), in.width(), k.h(), k.w(), s.h(), s.w(), d.h(), d.w())
                : Window.symmetric(k.h(), k.w(), s.h(), s.w(), p.h(), p.w(), d.h(), d.w());
        long spanH = WindowFit.span(in.height(), w.padTop(), w.padBottom(), extentH);
        long spanW = WindowFit.span(in.width(), w.padLeft(), w.padRight(), extentW);
        if (spanH < 0 || spanW < 0) {
            String detail = (p.isZero() ? "" : " with padding " + p.text())
                    + (d.h() == 1 && d.w() == 1 ? "" : " and dilation " + d.text() + " (spanning " + extentH + "x" + extentW + ")");
            String needed = Math.max(1, extentH - 2L * p.h()) + "x" + Math.max(1, extentW - 2L * p.w());
            String fix = (extentH - 1) / 2 == (extentW - 1) / 2 ? Long.toString((extentH - 1) / 2)
                    : "{" + (extentH - 1) / 2 + ", " + (extentW - 1) / 2 + "}";
            c.error(Message.KERNEL_TOO_LARGE, c.anchor("kernel"), c.name(), k.area(), detail, needed, c.producesText(), fix);
            return Optional.empty();
        }
        long outH = WindowFit.outputSize(spanH, s.h());
        long outW = WindowFit.outputSize(spanW, s.w());
        long elements = Limits.product(filters, outH, outW);
        if (outH > Limits.MAX_ELEMENTS || outW > Limits.MAX_ELEMENTS || elements > Limits.MAX_ELEMENTS) {
            c.error(Message.ACTIVATION_TOO_LARGE, c.anchor(), c.name(), "(" + filters + ", " + outH + ", " + outW + ")",
                    Limits.count(elements));
            return Optional.empty();
        }
        boolean bias = c.attribute("bias").booleanValue();
        long params = Limits.product(filters, in.channels() / groups, k.h(), k.w());
        if (params != Long.MAX_VALUE && bias) {
            params += filters;
        }
        if (params > Limits.MAX_ELEMENTS) {
            c.error(Message.TOO_MANY_PARAMETERS, c.anchor("filters"), c.name(), "this layer", Limits.count(params),
                    "filters or a smaller kernel");
            return Optional.empty();
        }
        long unfolded = Limits.product(Limits.product(in.channels() / groups, k.h(), k.w(), outH), outW, 1);
        if (unfolded > Limits.MAX_ELEMENTS) {
            c.error(Message.UNFOLDED_INPUT_TOO_LARGE, c.anchor("kernel"), c.name(), in.channels() / groups, k.area(),
                    outH + "x" + outW, Limits.count(unfolded));
            return Optional.empty();
        }
        Conv2dOp spec = new Conv2dOp(c.name(), c.from(), in, filters, w, same,
                PaddingMode.valueOf(c.attribute("paddingMode").enumName()), bias,
                Activation.valueOf(c.attribute("activation").enumName()), Init.valueOf(c.attribute("init").enumName()), groups);
        WindowFit.warnIfDropping(c, w, "kernel", spec.output());
        return Optional.of(spec);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
