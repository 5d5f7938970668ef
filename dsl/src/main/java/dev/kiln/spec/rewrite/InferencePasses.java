package dev.kiln.spec.rewrite;

import dev.kiln.spec.NetworkSpec;

/**
 * The graph passes every backend and the ONNX export run before inference, in one place: today
 * {@link FoldBatchNorm} (with the norm's activation fused into the folded layer). Views need no
 * pass: flatten, and dropout and augmentation at inference, are {@link dev.kiln.spec.Op#isView}, which
 * the schedule and the backends read to alias their buffers.
 */
public final class InferencePasses {
    private InferencePasses() {
    }

    /** {@code spec} as inference runs it. */
    public static Rewrite of(NetworkSpec spec) {
        return FoldBatchNorm.apply(spec);
    }
}
