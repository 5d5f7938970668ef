package dev.kiln.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a network runs, decided once from its op graph and read by every backend (the generated
 * Java pass, the OpenCL planner and the double-precision reference), so that they agree on:
 * <ul>
 *   <li><b>step order</b>: forward runs {@link #steps()} first to last, backward last to first;</li>
 *   <li><b>gradient accumulation</b>: a tensor read by several ops receives one gradient from each.
 *       Backward visits its readers last to first; the first visited assigns ({@code =}) and every
 *       later one adds ({@code +=}): {@link Read#accumulates()};</li>
 *   <li><b>gradient buffers</b>: one per tensor's gradient, reused by tensors of the same per-image
 *       size whose gradients are never alive at once ({@link #gradientBuffer(String)}). Same-size
 *       reuse keeps every image at the same place in a reused buffer, so workers that each own a
 *       slice of images never touch each other's elements;</li>
 *   <li><b>sync points</b>: ops that need the whole batch before any image can go on (batch norm's
 *       statistics in training); a backend that runs slices of the batch in parallel ends a
 *       segment before each ({@link #segments(boolean)}).</li>
 * </ul>
 * Activations are not reused: backward reads every op's input and output, and the backends expose
 * every layer's output.
 */
public final class Schedule {
    private final NetworkSpec spec;
    private final List<Step> steps;
    private final Map<String, Integer> gradientBuffer = new HashMap<>();
    private final List<Long> gradientBufferSizes = new ArrayList<>();

    private Schedule(NetworkSpec spec) {
        this.spec = spec;
        List<Op> ops = spec.layers();
        int n = ops.size();
        // readers of each tensor, in forward order
        Map<String, List<Integer>> readers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (String t : ops.get(i).inputs()) {
                readers.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
            }
        }
        List<Step> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Op op = ops.get(i);
            List<Read> reads = new ArrayList<>();
            for (int k = 0; k < op.inputs().size(); k++) {
                String t = op.inputs().get(k);
                List<Integer> r = readers.get(t);
                // the last reader (first in backward) assigns; an op reading t twice adds its second read
                boolean laterReader = r.get(r.size() - 1) > i || op.inputs().subList(k + 1, op.inputs().size()).contains(t);
                reads.add(new Read(t, spec.producer(t), spec.shape(t), laterReader, r.size()));
            }
            s.add(new Step(i, op, List.copyOf(reads), List.copyOf(readers.getOrDefault(op.name(), List.of()))));
        }
        this.steps = List.copyOf(s);
        assignGradientBuffers(readers);
    }

    /** The schedule of {@code spec}. */
    public static Schedule of(NetworkSpec spec) {
        return new Schedule(spec);
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** One step per op, in forward order (the spec's topological order). */
    public List<Step> steps() {
        return steps;
    }

    /**
     * One op as it runs.
     *
     * @param index   its position, also its layer index
     * @param op      the op
     * @param reads   what it reads, one entry per input in order
     * @param readers the steps that read its output, in forward order (empty for the last layer)
     */
    public record Step(int index, Op op, List<Read> reads, List<Integer> readers) {

        public String name() {
            return op.name();
        }

        /** Whether this step's output is the network's output. */
        public boolean isOutput(Schedule schedule) {
            return index == schedule.steps.size() - 1;
        }
    }

    /**
     * One input of a step.
     *
     * @param tensor      the tensor read
     * @param producer    the step producing it, or -1 for the network input
     * @param shape       its shape per image
     * @param accumulates whether this step's backward adds into the tensor's gradient ({@code +=})
     *                    because a reader visited earlier in backward has already written it
     * @param readers     how many reads the tensor has in the whole network
     */
    public record Read(String tensor, int producer, Shape shape, boolean accumulates, int readers) {

        public boolean isInput() {
            return producer < 0;
        }
    }

    /**
     * Whether the gradient with respect to {@code tensor} is needed to reach a parameter: some op at
     * or before its producer, on a path into it, has parameters. The input's gradient is the
     * caller's choice and is answered false here.
     */
    public boolean needsGradient(String tensor) {
        int p = spec.producer(tensor);
        if (p < 0) {
            return false;
        }
        Op op = steps.get(p).op();
        if (!op.parameters().isEmpty()) {
            return true;
        }
        for (String t : op.inputs()) {
            if (needsGradient(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The indices of the ops before which the whole batch must be seen: batch norm in training.
     * Empty for a network without such ops, whose every pass is one segment.
     */
    public List<Integer> syncPoints(boolean training) {
        List<Integer> out = new ArrayList<>();
        for (Step st : steps) {
            if (st.op().needsWholeBatch(training)) {
                out.add(st.index());
            }
        }
        return out;
    }

    /**
     * The forward pass split at the {@link #syncPoints(boolean)}: ranges {@code [from, to)} of
     * steps that one worker can run on its slice of the batch without waiting for the others. A
     * range starting at a sync point starts with that op, whose batch-wide part (statistics) a
     * backend runs before the range.
     */
    public List<Segment> segments(boolean training) {
        List<Segment> out = new ArrayList<>();
        int from = 0;
        for (int sync : syncPoints(training)) {
            if (sync > from) {
                out.add(new Segment(from, sync));
            }
            from = sync;
        }
        out.add(new Segment(from, steps.size()));
        return Collections.unmodifiableList(out);
    }

    /** Steps {@code [from, to)}; {@link #startsAtSync(Schedule, boolean)} says whether {@code from} needs the whole batch first. */
    public record Segment(int from, int to) {
        public boolean startsAtSync(Schedule schedule, boolean training) {
            return schedule.steps.get(from).op().needsWholeBatch(training);
        }
    }

    /** The gradient buffer holding the gradient with respect to layer {@code tensor}'s output. */
    public int gradientBuffer(String tensor) {
        Integer b = gradientBuffer.get(tensor);
        if (b == null) {
            throw new IllegalArgumentException(spec.simpleName() + ": no gradient buffer for '" + tensor + "'");
        }
        return b;
    }

    /** Elements per image of each gradient buffer. */
    public List<Long> gradientBufferSizes() {
        return Collections.unmodifiableList(gradientBufferSizes);
    }

    /**
     * Interval colouring in backward time: the gradient of layer p's output is written first by
     * its last reader's backward (or by the loss for the output) and read last by p's own backward.
     * A view in training ({@link Op#isView}: flatten) whose input it alone reads shares its input's
     * gradient buffer: the same elements in the same order (the OpenCL backend then needs no copy).
     */
    private void assignGradientBuffers(Map<String, List<Integer>> readers) {
        int n = steps.size();
        List<Integer> freeAt = new ArrayList<>(); // per buffer: the backward time after which it is free
        Map<String, Integer> inherited = new HashMap<>(); // a flatten's input -> the flatten's buffer
        for (int t = 0; t < n; t++) { // backward time t visits step n - 1 - t
            int p = n - 1 - t;
            Step st = steps.get(p);
            int chosen;
            Integer shared = inherited.get(st.name());
            if (shared != null) {
                chosen = shared;
            } else {
                List<Integer> r = readers.getOrDefault(st.name(), List.of());
                int start = r.isEmpty() ? -1 : n - 1 - r.get(r.size() - 1); // -1: written by the loss
                // this step's output gradient is alive on [start, t]; take a same-size buffer free before start
                long size = st.op().output().size();
                chosen = -1;
                for (int b = 0; b < freeAt.size(); b++) {
                    if (freeAt.get(b) < start && gradientBufferSizes.get(b) == size) {
                        chosen = b;
                        break;
                    }
                }
                if (chosen < 0) {
                    chosen = freeAt.size();
                    freeAt.add(t);
                    gradientBufferSizes.add(size);
                }
            }
            freeAt.set(chosen, t);
            String viewed = st.op().isView(true) ? st.op().inputs().get(0) : null;
            if (viewed != null && !viewed.equals(Op.INPUT) && readers.get(viewed).size() == 1) {
                // the input's gradient lives on in this buffer until its producer's backward
                int producer = spec.producer(viewed);
                freeAt.set(chosen, n - 1 - producer);
                inherited.put(viewed, chosen);
            }
            gradientBuffer.put(st.name(), chosen);
        }
    }
}
