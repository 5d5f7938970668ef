package dev.kiln.processor.writer.opencl;

import dev.kiln.dsl.FlipMode;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.Augment;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.DenseOp;
import dev.kiln.spec.DropoutOp;
import dev.kiln.spec.Pool2dOp;
import dev.kiln.spec.Window;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code #define} values of each template for one layer: sizes, offsets and switches. The
 * constraints the templates state (local memory per work-group) are decided here.
 */
final class TemplateValues {
    /** Reals of weights a conv work-group stages in local memory: 16 KiB, half the minimum OpenCL guarantees. */
    static final int LOCAL_WEIGHT_REALS = 4096;

    private TemplateValues() {
    }

    static Map<String, String> conv(String prefix, Conv2dOp l, int weightOffset, KernelCodes.Act act, boolean doutIsDz) {
        Window w = l.window();
        int area = w.kernelH() * w.kernelW();
        int icTile = Math.min(l.input().channels(), Math.max(1, LOCAL_WEIGHT_REALS / area));
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", prefix);
        v.put("IC", str(l.input().channels()));
        v.put("IH", str(l.input().height()));
        v.put("IW", str(l.input().width()));
        v.put("OC", str(l.filters()));
        v.put("OH", str(l.output().height()));
        v.put("OW", str(l.output().width()));
        window(v, w);
        v.put("REPLICATE", l.paddingMode() == PaddingMode.REPLICATE ? "1" : "0");
        v.put("HAS_BIAS", l.bias() ? "1" : "0");
        v.put("ACT", act.toString());
        v.put("W_OFF", str(weightOffset));
        v.put("B_OFF", str(Math.addExact(weightOffset, Math.toIntExact(l.weightCount()))));
        v.put("DOUT_IS_DZ", doutIsDz ? "1" : "0");
        v.put("IC_TILE", str(icTile));
        v.put("LOCAL_WEIGHTS", area <= LOCAL_WEIGHT_REALS ? "1" : "0");
        return v;
    }

    static Map<String, String> pool(String prefix, Pool2dOp l, boolean max) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", prefix);
        v.put("POOL_MAX", max ? "1" : "0");
        v.put("C", str(l.input().channels()));
        v.put("IH", str(l.input().height()));
        v.put("IW", str(l.input().width()));
        v.put("OH", str(l.output().height()));
        v.put("OW", str(l.output().width()));
        window(v, l.window());
        return v;
    }

    static Map<String, String> dense(String prefix, DenseOp l, int weightOffset, KernelCodes.Act act, boolean doutIsDz) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", prefix);
        v.put("IN", str(l.input().intSize()));
        v.put("UNITS", str(l.units()));
        v.put("HAS_BIAS", l.bias() ? "1" : "0");
        v.put("ACT", act.toString());
        v.put("W_OFF", str(weightOffset));
        v.put("B_OFF", str(Math.addExact(weightOffset, Math.toIntExact(l.weightCount()))));
        v.put("DOUT_IS_DZ", doutIsDz ? "1" : "0");
        return v;
    }

    /** Threshold and scale exactly as {@code dev.kiln.runtime.java.Dropouts} and the Java backend compute them. */
    static Map<String, String> dropout(String prefix, DropoutOp l, int layerIndex) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", prefix);
        v.put("LAYER", layerIndex + "u");
        v.put("SIZE", str(l.output().intSize()));
        v.put("THRESHOLD", Math.round(l.rate() * (1 << 24)) + "u");
        v.put("SCALE", floatLiteral((float) (1.0 / (1.0 - l.rate()))));
        return v;
    }

    /** Mode, ranges (as the floats the Java backend uses) and fill of an augmentation layer. */
    static Map<String, String> augment(String prefix, AugmentOp l, int layerIndex) {
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
        v.put("MODE", str(mode));
        v.put("C", str(l.input().channels()));
        v.put("H", str(l.input().height()));
        v.put("W", str(l.input().width()));
        v.put("RANGE_A", floatLiteral((float) a));
        v.put("RANGE_B", floatLiteral((float) b));
        v.put("FLIP_H", flip != FlipMode.VERTICAL ? "1" : "0");
        v.put("FLIP_V", flip != FlipMode.HORIZONTAL ? "1" : "0");
        v.put("FILL", str(fill));
        return v;
    }

    static Map<String, String> loss(KernelCodes.LossCode lossCode, int size, boolean outputAct, KernelCodes.Act act) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", "kiln_loss");
        v.put("LOSS", lossCode.toString());
        v.put("SIZE", str(size));
        v.put("OUTPUT_ACT", outputAct ? "1" : "0");
        v.put("ACT", act.toString());
        return v;
    }

    static Map<String, String> optimizer(int count) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", "kiln");
        v.put("COUNT", str(count));
        return v;
    }

    private static void window(Map<String, String> v, Window w) {
        v.put("KH", str(w.kernelH()));
        v.put("KW", str(w.kernelW()));
        v.put("SH", str(w.strideH()));
        v.put("SW", str(w.strideW()));
        v.put("PT", str(w.padTop()));
        v.put("PL", str(w.padLeft()));
        v.put("DH", str(w.dilationH()));
        v.put("DW", str(w.dilationW()));
    }

    /** A float literal that reads back as exactly {@code f}. */
    static String floatLiteral(float f) {
        return Float.toString(f).replace("Infinity", "INFINITY") + "f";
    }

    private static String str(long v) {
        return Long.toString(v);
    }
}
