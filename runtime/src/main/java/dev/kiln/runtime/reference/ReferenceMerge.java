package dev.kiln.runtime.reference;

import dev.kiln.spec.ConcatOp;
import dev.kiln.spec.GlobalAvgPool2dOp;
import java.util.List;

/** Naive loops of the graph kinds without parameters: add, concat and global average pooling. */
final class ReferenceMerge {
    private ReferenceMerge() {
    }

    /** z = the sum of the inputs (the activation is applied by the caller). */
    static void addForward(List<double[]> xs, double[] z) {
        // each input, each element
        for (double[] x : xs) {
            for (int e = 0; e < z.length; e++) {
                z[e] += x[e];
            }
        }
    }

    /** Per image, each input's elements one after the other. */
    static void concatForward(ConcatOp op, List<double[]> xs, double[] y, int batch) {
        int size = op.output().intSize();
        // each image
        for (int n = 0; n < batch; n++) {
            // each input, copied to its slice
            for (int k = 0; k < xs.size(); k++) {
                int part = op.inputShapes().get(k).intSize();
                System.arraycopy(xs.get(k), n * part, y, n * size + op.offset(k), part);
            }
        }
    }

    /** dx of input {@code k}: its slice of dy. */
    static void concatBackward(ConcatOp op, int k, double[] dy, double[] dx, int batch) {
        int size = op.output().intSize();
        int part = op.inputShapes().get(k).intSize();
        // each image
        for (int n = 0; n < batch; n++) {
            System.arraycopy(dy, n * size + op.offset(k), dx, n * part, part);
        }
    }

    /** The mean of each channel's plane. */
    static void globalAvgForward(GlobalAvgPool2dOp op, double[] x, double[] y, int batch) {
        int channels = op.input().channels();
        int plane = op.input().height() * op.input().width();
        // each image and channel
        for (int nc = 0; nc < batch * channels; nc++) {
            double sum = 0;
            // each element of the plane
            for (int s = 0; s < plane; s++) {
                sum += x[nc * plane + s];
            }
            y[nc] = sum / plane;
        }
    }

    /** Each input element gets its channel's gradient / plane size. */
    static void globalAvgBackward(GlobalAvgPool2dOp op, double[] dy, double[] dx, int batch) {
        int channels = op.input().channels();
        int plane = op.input().height() * op.input().width();
        // each image and channel
        for (int nc = 0; nc < batch * channels; nc++) {
            // each element of the plane
            for (int s = 0; s < plane; s++) {
                dx[nc * plane + s] = dy[nc] / plane;
            }
        }
    }
}
