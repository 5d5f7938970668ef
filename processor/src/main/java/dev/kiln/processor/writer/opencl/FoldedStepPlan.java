package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.OpenClLaunch;
import dev.kiln.spec.Op;
import dev.kiln.spec.rewrite.Fold;
import java.util.List;

/**
 * A folded layer of the inference rewrite as its kind's {@link KindPlan} plans it for the predict plan:
 * the rewritten op (with a bias and the norm's activation), its weights read from the {@code folded}
 * buffer, its input and output the original network's buffers (it writes where the norm did). Only its
 * inference launch is kept; it has no training launches, gradients or backward.
 */
final class FoldedStepPlan extends StepPlan {
    private final Op fused;
    private final Fold fold;
    private final String input;
    private final String output;
    private final long foldedAt;
    private final List<OpenClLaunch> predict;

    /**
     * @param fused    the rewritten op
     * @param input    the buffer holding its input at inference
     * @param output   the buffer it writes (the norm's, or the logits)
     * @param foldedAt where its folded weights start in {@code folded}
     * @param predict  the predict plan its launch goes to
     */
    FoldedStepPlan(OpenClPlanner planner, Op fused, Fold fold, String prefix, KernelCodes.Act act, String input, String output,
                   long foldedAt, List<OpenClLaunch> predict) {
        super(planner, null, prefix, act, false);
        this.fused = fused;
        this.fold = fold;
        this.input = input;
        this.output = output;
        this.foldedAt = foldedAt;
        this.predict = predict;
    }

    @Override
    Op op() {
        return fused;
    }

    @Override
    String title() {
        return fused.name() + " " + fused.kind().displayName() + " with " + fold.normOp().name() + " folded in, for predict "
                + fused.inputShapes() + " -> " + fused.output();
    }

    @Override
    int index() {
        return fold.layer();
    }

    @Override
    String params() {
        return "folded";
    }

    @Override
    int paramOffset(String suffix) {
        long weight = fold.weight().size();
        return Math.toIntExact(switch (suffix) {
            case "weight" -> foldedAt;
            case "bias" -> foldedAt + weight;
            default -> throw new IllegalArgumentException(fused.name() + " has no folded " + suffix);
        });
    }

    @Override
    String in(int k, boolean training) {
        return input;
    }

    @Override
    String out() {
        return output;
    }

    @Override
    String own() {
        return output;
    }

    @Override
    String gOut() {
        return "unused";
    }

    @Override
    boolean needsInputGradient(int k) {
        return false;
    }

    @Override
    String gIn(int k) {
        throw new IllegalStateException(fused.name() + ": a folded layer has no backward");
    }

    @Override
    void forwardTrainingOnly(OpenClLaunch training) {
    }

    @Override
    void forwardInferenceOnly(OpenClLaunch inference) {
        predict.add(inference);
    }

    @Override
    void backward(OpenClLaunch launch) {
    }
}
