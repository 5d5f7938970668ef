package dev.kiln.runtime.java.conv;

/**
 * One 2-D convolution layer's geometry per image, as PyTorch's {@code Conv2d} defines it: input
 * {@code (inChannels, inH, inW)}, weights {@code (filters, inChannels / groups, kernelH, kernelW)},
 * output {@code (filters, outH(), outW())}; padding on each side separately, and either zeros or the
 * nearest edge pixel outside the input ({@code replicate}).
 */
public record ConvShape(int inChannels, int inH, int inW, int filters, int groups,
                        int kernelH, int kernelW, int strideH, int strideW,
                        int padTop, int padBottom, int padLeft, int padRight,
                        int dilationH, int dilationW, boolean replicate) {

    public ConvShape {
        if (inChannels < 1 || inH < 1 || inW < 1 || filters < 1 || groups < 1 || kernelH < 1 || kernelW < 1
                || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1
                || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("not a convolution: " + describeFields(inChannels, inH, inW, filters, groups,
                    kernelH, kernelW, strideH, strideW, padTop, padBottom, padLeft, padRight, dilationH, dilationW));
        }
        if (inChannels % groups != 0 || filters % groups != 0) {
            throw new IllegalArgumentException(groups + " groups must divide both " + inChannels + " input channels and "
                    + filters + " filters");
        }
        if (inH + padTop + padBottom < dilationH * (kernelH - 1) + 1 || inW + padLeft + padRight < dilationW * (kernelW - 1) + 1) {
            throw new IllegalArgumentException("a " + kernelH + "x" + kernelW + " kernel (dilation " + dilationH + "x" + dilationW
                    + ") does not fit the padded " + inH + "x" + inW + " input");
        }
    }

    /** A square kernel, the same stride and padding on every side, no dilation, zeros outside, one group. */
    public static ConvShape of(int inChannels, int inH, int inW, int filters, int kernel, int stride, int padding) {
        return new ConvShape(inChannels, inH, inW, filters, 1, kernel, kernel, stride, stride,
                padding, padding, padding, padding, 1, 1, false);
    }

    /** The geometry of a network's {@code @Conv2d} layer. */
    public static ConvShape of(dev.kiln.spec.Conv2dOp op) {
        dev.kiln.spec.Window w = op.window();
        return new ConvShape(op.input().channels(), op.input().height(), op.input().width(), op.filters(), op.groups(),
                w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padTop(), w.padBottom(), w.padLeft(), w.padRight(),
                w.dilationH(), w.dilationW(), op.paddingMode() == dev.kiln.dsl.PaddingMode.REPLICATE);
    }

    /** This shape with {@code groups} groups (depthwise when it equals the input channels). */
    public ConvShape withGroups(int g) {
        return new ConvShape(inChannels, inH, inW, filters, g, kernelH, kernelW, strideH, strideW,
                padTop, padBottom, padLeft, padRight, dilationH, dilationW, replicate);
    }

    public int outH() {
        return (inH + padTop + padBottom - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    public int outW() {
        return (inW + padLeft + padRight - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    /** Input floats per image. */
    public int inSize() {
        return inChannels * inH * inW;
    }

    /** Output floats per image. */
    public int outSize() {
        return filters * outH() * outW();
    }

    /** Input channels per group. */
    public int groupChannels() {
        return inChannels / groups;
    }

    /** Filters per group. */
    public int groupFilters() {
        return filters / groups;
    }

    /** Weights per filter: one group's input channels times the kernel's elements. */
    public int k() {
        return groupChannels() * kernelH * kernelW;
    }

    /** Multiply-adds per image. */
    public long macs() {
        return (long) filters * k() * outH() * outW();
    }

    /** Whether each output channel reads exactly one input channel of its own (and the groups are the channels). */
    public boolean depthwise() {
        return groups == inChannels && groups > 1;
    }

    private static String describeFields(int... v) {
        return java.util.Arrays.toString(v);
    }

    @Override
    public String toString() {
        return "conv " + inChannels + "x" + inH + "x" + inW + " -> " + filters + "x" + outH() + "x" + outW() + ", kernel "
                + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW + ", padding " + padTop + "/" + padBottom + "/"
                + padLeft + "/" + padRight + ", dilation " + dilationH + "x" + dilationW + (groups > 1 ? ", groups " + groups : "")
                + (replicate ? ", replicate" : "");
    }
}
