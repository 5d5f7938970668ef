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
    /** One channel's source planes, for depthwise convolutions (written channel by channel, while they are in cache). */
    final float[] chan;
    final WinogradWorkspace winograd;

    ConvWorkspace(int src, int panel, int row, int dyq, int dxsrc, int wt, int dyt, int dwt, int chan, WinogradWorkspace winograd) {
        this.winograd = winograd;
        this.src = new float[src];
        this.panel = new float[panel];
        this.row = new float[row];
        this.dyq = new float[dyq];
        this.dxsrc = new float[dxsrc];
        this.wt = new float[wt];
        this.dyt = new float[dyt];
        this.dwt = new float[dwt];
        this.chan = new float[chan];
    }

    /**
     * One workspace that serves every convolution of {@code convs} (one call at a time): each array as large as the
     * largest of theirs. The calls rely on nothing a previous call left behind, so layers that run one after another
     * on a thread share it.
     */
    public static ConvWorkspace forAll(boolean training, Convolution... convs) {
        int[] max = new int[9];
        int[] wino = new int[5];
        boolean anyWinograd = false;
        for (Convolution c : convs) {
            int[] n = c.workspaceSizes(training);
            for (int i = 0; i < max.length; i++) {
                max[i] = Math.max(max[i], n[i]);
            }
            if (c.winograd() != null) {
                anyWinograd = true;
                int[] v = c.winograd().workspaceSizes();
                for (int i = 0; i < wino.length; i++) {
                    wino[i] = Math.max(wino[i], v[i]);
                }
            }
        }
        return new ConvWorkspace(max[0], max[1], max[2], max[3], max[4], max[5], max[6], max[7], max[8],
                anyWinograd ? new WinogradWorkspace(wino[0], wino[1], wino[2], wino[3], wino[4]) : null);
    }

    /** Floats held, for memory reports. */
    public long floats() {
        return (long) src.length + panel.length + row.length + dyq.length + dxsrc.length + wt.length + dyt.length + dwt.length + chan.length
                + (winograd == null ? 0 : winograd.floats());
    }
}
