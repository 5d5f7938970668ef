package dev.kiln.reference;

import dev.kiln.spec.ChannelShuffleOp;
import java.util.List;

/**
 * Channel shuffle, as PyTorch's {@code x.view(N, g, C/g, H, W).transpose(1, 2).reshape(N, C, H, W)}: in the
 * {@code (g, C/g)} view, input channel {@code i (C/g) + k} sits at {@code (i, k)}; transposed it sits at
 * {@code (k, i)}, which flattens to output channel {@code k g + i}. The gradient goes back the same way.
 */
final class ReferenceChannelShuffle implements ReferenceLayer {
    private final ChannelShuffleOp layer;
    private final LayerCall call;

    ReferenceChannelShuffle(ChannelShuffleOp layer, LayerCall call) {
        this.layer = layer;
        this.call = call;
    }

    @Override
    public void forward(List<double[]> xs, double[] z) {
        move(xs.get(0), z, true);
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        move(dz, dxs.get(0), false);
    }

    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        move(exs.get(0), ez, true);
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        move(edz, edxs.get(0), false);
    }

    /** Forward: each input channel's plane to its output channel; backward: the other way. */
    private void move(double[] from, double[] to, boolean forward) {
        int channels = layer.input().channels();
        int g = layer.groups();
        int perGroup = channels / g;
        int plane = layer.input().height() * layer.input().width();
        int size = channels * plane;
        // each image
        for (int n = 0; n < call.batch(); n++) {
            // each position (i, k) of the (g, C/g) view
            for (int i = 0; i < g; i++) {
                for (int k = 0; k < perGroup; k++) {
                    int inChannel = i * perGroup + k;
                    int outChannel = k * g + i;
                    int src = n * size + (forward ? inChannel : outChannel) * plane;
                    int dst = n * size + (forward ? outChannel : inChannel) * plane;
                    System.arraycopy(from, src, to, dst, plane);
                }
            }
        }
    }
}
