package dev.kiln.samples;

import dev.kiln.spec.Shape;

/**
 * The targets {@link EdgeDetector} learns from: each image cross-correlated (no padding) with the
 * fixed horizontal-edge kernel {@link #KERNEL}, so a 28x28 image gives a 26x26 target.
 */
public final class EdgeTargets {
    /** {@code [[-1,-1,-1],[0,0,0],[1,1,1]]}, row-major. */
    public static final float[] KERNEL = {-1, -1, -1, 0, 0, 0, 1, 1, 1};

    private EdgeTargets() {
    }

    /** The valid 3x3 cross-correlation of every single-channel image in {@code images} with {@link #KERNEL}. */
    public static float[] of(float[] images, Shape shape) {
        if (shape.channels() != 1 || shape.height() < 3 || shape.width() < 3) {
            throw new IllegalArgumentException("edge targets need single-channel images of at least 3x3, got " + shape);
        }
        int h = shape.height();
        int w = shape.width();
        int oh = h - 2;
        int ow = w - 2;
        int count = images.length / (h * w);
        float[] out = new float[count * oh * ow];
        for (int n = 0; n < count; n++) {
            int in = n * h * w;
            int o = n * oh * ow;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    float sum = 0;
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            sum += KERNEL[ky * 3 + kx] * images[in + (y + ky) * w + x + kx];
                        }
                    }
                    out[o + y * ow + x] = sum;
                }
            }
        }
        return out;
    }
}
