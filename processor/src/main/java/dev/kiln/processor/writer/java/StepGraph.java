package dev.kiln.processor.writer.java;

import dev.kiln.spec.Schedule.Read;
import dev.kiln.spec.Schedule.Segment;
import dev.kiln.spec.Schedule.Step;
import dev.kiln.spec.Schedule;
import java.util.List;

/**
 * A graph as the pass writer renders it: its schedule, and per step the code that renders the step and
 * the context whose fields hold its output. The network's own graph runs forward, backward and the
 * unfolded {@code predict}; its inference rewrite ({@link dev.kiln.spec.rewrite.InferencePasses}) runs the
 * folded {@code predict}, each of its steps rendered by an original layer's code.
 *
 * @param logits whether the last step writes the logits the loss step reads ({@link LossCode#separateLogits})
 */
record StepGraph(Schedule schedule, List<LayerCode> codes, List<LayerContext> contexts, boolean logits) {

    /**
     * Activations of one tile that stay in a core's L2 cache between a step and the next: measured on a
     * 2 MiB L2, layer by layer over a worker's whole slice (12 MB of conv1 output for FashionCnn at
     * 128 images) the next layer read everything back from memory and ran 1.5-3x slower.
     */
    static final long TILE_BYTES = 1 << 20;

    Step step(int i) {
        return schedule.steps().get(i);
    }

    int size() {
        return codes.size();
    }

    /** The field holding a read's tensor in forward. */
    String in(Read r) {
        return r.isInput() ? "stepInput" : contexts.get(r.producer()).outField();
    }

    List<String> ins(Step st) {
        return st.reads().stream().map(this::in).toList();
    }

    /** Where a step writes in forward: its output field, or the logits for the last step when the loss reads them. */
    String out(Step st) {
        return logits && st.index() == size() - 1 ? LossCode.LOGITS : contexts.get(st.index()).outField();
    }

    /**
     * The end of the leading run of steps in {@code seg} that run image by image through tiles: every
     * step before the first that is not {@link dev.kiln.spec.Op#tileable()} (a dense layer).
     */
    int tiledEnd(Segment seg) {
        int i = seg.from();
        while (i < seg.to() && step(i).op().tileable()) {
            i++;
        }
        return i;
    }

    /**
     * Images per tile: as many as keep the tiled steps' outputs of one tile (with max pooling's argmax and
     * dropout's mask, counted as a second copy) within {@link #TILE_BYTES}, at least one.
     */
    long tileImages(Segment seg, int end) {
        long bytes = 0;
        for (int i = seg.from(); i < end; i++) {
            bytes += step(i).op().output().size() * Float.BYTES * codes.get(i).tileCopies();
        }
        return Math.max(1, Math.min(1 << 16, TILE_BYTES / Math.max(1, bytes)));
    }
}
