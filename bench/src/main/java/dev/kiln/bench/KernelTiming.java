package dev.kiln.bench;

import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.runtime.java.conv.ConvShape;
import dev.kiln.runtime.java.conv.ConvWorkspace;
import dev.kiln.runtime.java.conv.Convolution;
import java.util.SplittableRandom;

/**
 * One convolution layer's time through the runtime's {@link Convolution} kernels, called as the
 * generated Java passes call them: on every core (a batch split into one slice of images per worker,
 * or a single image split into parts across the workers), wall-clock; and on one core for all the
 * images, timed by the thread's CPU time. Backward is the input gradient (not for a network's first
 * layer) plus the weight gradient, each worker over its images.
 */
final class KernelTiming {
    private final Convolution conv;
    private final ConvShape s;
    private final int batch;
    private final boolean first;
    private final WorkerPool pool;
    private final ConvWorkspace[] ws;
    private final float[] w;
    private final float[] bias;
    private final float[] in;
    private final float[] out;
    private final float[] dy;
    private final float[] dx;
    private final float[][] dw;

    KernelTiming(ConvShape shape, int batch, boolean first, boolean training, WorkerPool pool) {
        this.conv = new Convolution(shape);
        this.s = shape;
        this.batch = batch;
        this.first = first;
        this.pool = pool;
        this.ws = new ConvWorkspace[pool.workers()];
        this.dw = new float[pool.workers()][];
        SplittableRandom r = new SplittableRandom(3);
        this.w = random(r, shape.filters() * shape.k(), 0.1);
        this.bias = random(r, shape.filters(), 0.1);
        this.in = random(r, batch * shape.inSize(), 1);
        this.out = new float[batch * shape.outSize()];
        this.dy = training ? random(r, batch * shape.outSize(), 1) : null;
        this.dx = training ? new float[batch * shape.inSize()] : null;
        for (int i = 0; i < ws.length; i++) {
            ws[i] = conv.newWorkspace(training);
            dw[i] = training ? new float[w.length] : null;
        }
    }

    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }

    /** Forward on every worker: slices of images, or parts of each image when the batch is smaller than the pool. */
    void forward() {
        int workers = pool.workers();
        if (batch >= workers) {
            pool.run(wk -> conv.forward(w, 0, bias, 0, in, 0, out, 0, null, 0, true, batch * wk / workers, batch * (wk + 1) / workers,
                    0, 1, ws[wk]));
        } else {
            pool.run(wk -> conv.forward(w, 0, bias, 0, in, 0, out, 0, null, 0, true, 0, batch, wk, workers, ws[wk]));
        }
    }

    /** Forward of every image on the calling thread. */
    void forwardOneCore() {
        conv.forward(w, 0, bias, 0, in, 0, out, 0, null, 0, true, 0, batch, 0, 1, ws[0]);
    }

    /** Input gradient (unless first) and weight gradient, each worker over its slice of images. */
    void backward() {
        int workers = pool.workers();
        pool.run(wk -> backwardSlice(batch * wk / workers, batch * (wk + 1) / workers, wk));
    }

    void backwardOneCore() {
        backwardSlice(0, batch, 0);
    }

    private void backwardSlice(int n0, int n1, int wk) {
        if (n0 == n1) {
            return;
        }
        if (!first) {
            conv.backwardInput(w, 0, dy, 0, dx, 0, n0, n1, 0, 1, ws[wk]);
        }
        conv.backwardWeights(in, 0, dy, 0, dw[wk], 0, null, 0, n0, n1, ws[wk]);
    }

    /** Forward flops of the batch. */
    double forwardFlops() {
        return 2.0 * s.macs() * batch;
    }

    /** Backward flops: the weight gradient, plus the input gradient unless first. */
    double backwardFlops() {
        return forwardFlops() * (first ? 1 : 2);
    }
}
