package dev.kiln.spec;

import java.util.List;

/**
 * {@code @AvgPool2d}: the mean of each window, padding read as zero. The divisor is PyTorch's: with
 * {@code countIncludePad} the window's area within the padded input (rows {@code [-padTop, H + padBottom)},
 * columns alike; the whole {@code kh x kw} unless a ceil-mode window hangs past the padding), else the number
 * of input elements it covers ({@link #divisor}).
 */
public record AvgPool2dOp(String name, String from, Shape input, Window window, boolean ceilMode, boolean countIncludePad)
        implements Pool2dOp {

    public AvgPool2dOp {
        Pool2dOp.requireWindowsReadInput(name, input, window, ceilMode);
    }

    /** Floor mode, padding counted, as before {@code ceilMode} and {@code countIncludePad} existed. */
    public AvgPool2dOp(String name, String from, Shape input, Window window) {
        this(name, from, input, window, false, true);
    }

    @Override
    public LayerKind kind() {
        return LayerKind.AVG_POOL2D;
    }

    /**
     * What output {@code (oh, ow)}'s sum is divided by (PyTorch's {@code avg_pool2d}): the window clipped to the
     * padded input with {@code countIncludePad}, clipped to the input without.
     */
    public long divisor(int oh, int ow) {
        long h0 = window.inputRow(oh, 0);
        long w0 = window.inputColumn(ow, 0);
        long h1 = Math.min(h0 + window.kernelH(), (long) input.height() + window.padBottom());
        long w1 = Math.min(w0 + window.kernelW(), (long) input.width() + window.padRight());
        if (countIncludePad) {
            return (h1 - h0) * (w1 - w0);
        }
        return (Math.min(h1, input.height()) - Math.max(h0, 0)) * (Math.min(w1, input.width()) - Math.max(w0, 0));
    }

    /** Whether every output divides by {@code kh x kw} (floor mode with the padding counted). */
    public boolean uniformDivisor() {
        Shape out = output();
        for (int oh = 0; oh < out.height(); oh++) {
            for (int ow = 0; ow < out.width(); ow++) {
                if (divisor(oh, ow) != (long) window.kernelH() * window.kernelW()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One multiply per output element (the division by the window's area). */
    @Override
    public long multiplies() {
        return output().size();
    }

    @Override
    public Reach reach() {
        return Reach.window(window);
    }

    @Override
    public boolean hasFilters() {
        return false;
    }

    @Override
    public AvgPool2dOp withInputs(List<String> inputs) {
        return new AvgPool2dOp(name, UnaryOp.single(inputs), input, window, ceilMode, countIncludePad);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.avgPool(this);
    }
}
