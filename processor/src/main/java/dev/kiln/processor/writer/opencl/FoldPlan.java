package dev.kiln.processor.writer.opencl;

import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.rewrite.Fold;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code fold.cl}: the predict plan's kernel that folds one batch norm into the weights of the layer before it. */
final class FoldPlan {
    private FoldPlan() {
    }

    /** The defines of {@code fold}'s instance, its folded weights at {@code at} in the {@code folded} buffer. */
    static Map<String, String> defines(String prefix, Fold fold, long at) {
        ParamSpec bias = fold.bias();
        int rm = fold.runningMean().offset();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", prefix);
        v.put("F", Defines.str(fold.filters()));
        v.put("K", Defines.str(fold.weightsPerFilter()));
        v.put("W_OFF", Defines.str(fold.weight().offset()));
        v.put("HAS_BIAS", bias == null ? "0" : "1");
        v.put("B_OFF", bias == null ? "0" : Defines.str(bias.offset()));
        v.put("G_OFF", Defines.str(fold.gamma().offset()));
        v.put("BETA_OFF", Defines.str(fold.beta().offset()));
        v.put("RM", Defines.str(rm));
        v.put("RV", Defines.str(fold.runningVar().offset()));
        v.put("EPS", Defines.floatLiteral((float) fold.normOp().eps()));
        v.put("FW_OFF", Defines.str(at));
        v.put("FB_OFF", Defines.str(at + fold.weight().size()));
        return v;
    }
}
