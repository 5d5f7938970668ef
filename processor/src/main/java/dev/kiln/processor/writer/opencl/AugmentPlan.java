package dev.kiln.processor.writer.opencl;

import dev.kiln.dsl.FlipMode;
import dev.kiln.opencl.KernelArg;
import dev.kiln.spec.Augment;
import dev.kiln.spec.AugmentOp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code augment.cl}: the drawn transform in training (the Java backend's draws exactly); the
 * identity, a renamed buffer, at inference. No backward launch: an augmentation layer reads the
 * input or another augmentation layer, so no gradient is ever needed below it.
 */
final class AugmentPlan implements KindPlan {
    private final AugmentOp op;

    AugmentPlan(AugmentOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        if (s.needsInputGradient(0)) {
            throw new IllegalStateException(op.name() + ": an augmentation layer's input never needs a gradient in training");
        }
        s.source("augment", defines(s.prefix, op, s.index()));
        long items = op.transform() instanceof Augment.Contrast ? op.input().channels()
                : (long) op.input().height() * op.input().width();
        s.forwardTrainingOnly(Launches.perImage(s.prefix + "_forward", items, s.in(0, true), s.own(), KernelArg.Scalar.BATCH,
                KernelArg.Scalar.SEED_LO, KernelArg.Scalar.SEED_HI));
    }

    /** Mode, ranges (as the floats the Java backend uses) and fill of an augmentation layer. */
    private static Map<String, String> defines(String prefix, AugmentOp l, int layerIndex) {
        Augment t = l.transform();
        int mode = 0;
        double a = 0;
        double b = 0;
        int fill = 0;
        FlipMode flip = FlipMode.BOTH;
        if (t instanceof Augment.Flip f) {
            flip = f.mode();
        } else if (t instanceof Augment.Translation tr) {
            mode = 1;
            a = tr.height();
            b = tr.width();
            fill = tr.fill().ordinal();
        } else if (t instanceof Augment.Rotation r) {
            mode = 2;
            a = r.degrees();
            fill = r.fill().ordinal();
        } else if (t instanceof Augment.Zoom z) {
            mode = 3;
            a = z.value();
            fill = z.fill().ordinal();
        } else {
            mode = 4;
            a = ((Augment.Contrast) t).value();
        }
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", prefix);
        v.put("LAYER", layerIndex + "u");
        v.put("MODE", Defines.str(mode));
        v.put("C", Defines.str(l.input().channels()));
        v.put("H", Defines.str(l.input().height()));
        v.put("W", Defines.str(l.input().width()));
        v.put("RANGE_A", Defines.floatLiteral((float) a));
        v.put("RANGE_B", Defines.floatLiteral((float) b));
        v.put("FLIP_H", flip != FlipMode.VERTICAL ? "1" : "0");
        v.put("FLIP_V", flip != FlipMode.HORIZONTAL ? "1" : "0");
        v.put("FILL", Defines.str(fill));
        return v;
    }
}
