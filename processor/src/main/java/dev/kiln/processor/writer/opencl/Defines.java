package dev.kiln.processor.writer.opencl;

import dev.kiln.spec.Window;
import java.util.Map;

/** How the plans write {@code #define} values: numbers, float literals, and a window's parameters. */
final class Defines {
    private Defines() {
    }

    /** A window's {@code KH KW SH SW PT PL DH DW}, the names the prelude's window arithmetic reads. */
    static void window(Map<String, String> v, Window w) {
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

    /** An integer value. */
    static String str(long v) {
        return Long.toString(v);
    }
}
