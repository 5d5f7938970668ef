package dev.kiln.runtime.java.conv;

/**
 * One thread's scratch for one {@link Convolution}: the padded source planes, a panel of output
 * tiles, and for training the output gradient in the source's layout, the input gradient's planes,
 * the transposed weights and the weight-gradient accumulator. Made by {@link Convolution#newWorkspace};
 * a workspace may serve one call at a time.
 */
public final class ConvWorkspace {
    final float[] src;
    final float[] panel;
    final float[] row;
    final float[] dyq;
    final float[] dxsrc;
    final float[] wt;
    final float[] dyt;
    final float[] dwt;
    final WinogradWorkspace winograd;

    ConvWorkspace(int src, int panel, int row, int dyq, int dxsrc, int wt, int dyt, int dwt, WinogradWorkspace winograd) {
        this.winograd = winograd;
        this.src = new float[src];
        this.panel = new float[panel];
        this.row = new float[row];
        this.dyq = new float[dyq];
        this.dxsrc = new float[dxsrc];
        this.wt = new float[wt];
        this.dyt = new float[dyt];
        this.dwt = new float[dwt];
    }

    /** Floats held, for memory reports. */
    public long floats() {
        return (long) src.length + panel.length + row.length + dyq.length + dxsrc.length + wt.length + dyt.length + dwt.length
                + (winograd == null ? 0 : winograd.floats());
    }
}
