package dev.kiln.reference;

import dev.kiln.spec.ConcatOp;
import java.util.List;

/** Concat: per image, each input's elements one after the other; each input's gradient is its slice. */
final class ReferenceConcat implements ReferenceLayer {
    private final ConcatOp layer;
    private final LayerCall call;

    ReferenceConcat(ConcatOp layer, LayerCall call) {
        this.layer = layer;
        this.call = call;
    }

    @Override
    public void forward(List<double[]> xs, double[] z) {
        join(xs, z);
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        split(dz, dxs);
    }

    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        join(exs, ez);
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        split(edz, edxs);
    }

    private void join(List<double[]> xs, double[] y) {
        int size = layer.output().intSize();
        // each image
        for (int n = 0; n < call.batch(); n++) {
            // each input, copied to its slice
            for (int k = 0; k < xs.size(); k++) {
                int part = layer.inputShapes().get(k).intSize();
                System.arraycopy(xs.get(k), n * part, y, n * size + layer.offset(k), part);
            }
        }
    }

    private void split(double[] dy, List<double[]> dxs) {
        int size = layer.output().intSize();
        // each input, each image: its slice of dy
        for (int k = 0; k < dxs.size(); k++) {
            int part = layer.inputShapes().get(k).intSize();
            for (int n = 0; n < call.batch(); n++) {
                System.arraycopy(dy, n * size + layer.offset(k), dxs.get(k), n * part, part);
            }
        }
    }
}
