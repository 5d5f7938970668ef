package dev.kiln.runtime.java.conv;

/**
 * One thread's scratch for one {@link Winograd3x3}: an image's source planes, one block of transformed
 * input {@code V} and of the products, one filter's output tiles, and the block's segments (which image's
 * tiles sit where). Made by {@link Winograd3x3#newWorkspace}; serves one call at a time.
 */
public final class WinogradWorkspace {
    final float[] src;
    final float[] v;
    final float[] products;
    final float[] y;
    final int[] segN;
    final int[] segT0;
    final int[] segT1;
    final int[] segCol;

    WinogradWorkspace(int src, int v, int products, int y, int segments) {
        this.src = new float[src];
        this.v = new float[v];
        this.products = new float[products];
        this.y = new float[y];
        this.segN = new int[segments];
        this.segT0 = new int[segments];
        this.segT1 = new int[segments];
        this.segCol = new int[segments];
    }

    /** Floats held, for memory reports. */
    public long floats() {
        return (long) src.length + v.length + products.length + y.length;
    }
}
