package dev.kiln.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.interop.imports.ImportedModels;
import dev.kiln.interop.imports.SharedImports;
import dev.kiln.interop.imports.ImportedNetwork;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.reference.RandomGraphs;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every export re-imports to the same network: random networks over the whole grammar (adds, concats,
 * batch norms, replicate padding, same padding, every activation), exported with a normalisation or
 * without, imported, compiled together with Kiln's processor and run on the generated Java code. The
 * import gives the exported network's outputs (Kiln's double-precision reference on the normalised
 * pixels) within 1e-4 relative (batch norms after a conv come back folded into it), and reads the graph's
 * Sub/Div back as the checkpoint's normalisation;
 * ONNX Runtime, fed the same pixels in [0, 1], gives them too.
 */
public class ExportRoundTripTest {
    private static final int NETWORKS = 12;

    /** The exported networks, imported, by the class name they are compiled under. */
    public static Map<String, ImportedNetwork> networks() throws Exception {
        Map<String, ImportedNetwork> out = new LinkedHashMap<>();
        for (Case c : cases()) {
            out.put(c.name(), OnnxImport.map(OnnxModels.parse(c.onnx(), c.name() + ".onnx"), c.name() + ".onnx"));
        }
        return out;
    }

    /** The random networks, their weights and normalisations, and their exports; the same on every call. */
    private static List<Case> cases() throws Exception {
        SplittableRandom random = new SplittableRandom(2323);
        List<Case> cases = new ArrayList<>();
        for (int n = 0; n < NETWORKS; n++) {
            NetworkSpec spec = RandomGraphs.next(random, "random.Trip" + n, false);
            while (!declarable(spec)) {
                spec = RandomGraphs.next(random, "random.Trip" + n, false);
            }
            float[] params = new float[spec.parameterCount()];
            for (int i = 0; i < params.length; i++) {
                params[i] = (float) random.nextDouble(-0.6, 0.6);
            }
            float[] state = spec.initialState();
            for (var p : spec.state()) {
                boolean variance = p.name().endsWith(".running_var");
                for (int i = 0; i < p.size() && p.shape().length > 0; i++) {
                    state[p.offset() + i] = (float) (variance ? random.nextDouble(0.3, 2) : random.nextDouble(-0.5, 0.5));
                }
            }
            int channels = spec.input().channels();
            Normalization normalize = Normalization.NONE;
            if (n % 3 != 2) {
                double[] mean = new double[n % 3 == 0 ? 1 : channels];
                double[] std = new double[mean.length];
                for (int c = 0; c < mean.length; c++) {
                    mean[c] = random.nextDouble(0.2, 0.6);
                    std[c] = random.nextDouble(0.1, 0.4);
                }
                normalize = new Normalization(mean, std);
            }
            int opset = n % 2 == 0 ? 13 : 21;
            byte[] onnx = OnnxExport.model(spec, params, state, normalize, opset).toByteArray();
            cases.add(new Case("trip.Net" + n, spec, params, state, normalize, onnx));
        }
        return cases;
    }

    @Test
    void exportedNetworksComeBackWithTheirOutputsAndTheirNormalisation() throws Exception {
        Map<String, ImportedModels.Compiled> compiled = SharedImports.compiled();
        SplittableRandom random = new SplittableRandom(2324);
        double worst = 0;
        for (Case c : cases()) {
            ImportedModels.Compiled back = compiled.get(c.name());
            dev.kiln.runtime.data.Normalization n = back.net().normalize();
            if (c.normalize().isNone()) {
                assertNull(n, c.name() + " has no normalisation");
            } else {
                int channels = c.spec().input().channels();
                double[] mean = new double[channels];
                double[] std = new double[channels];
                for (int ch = 0; ch < channels; ch++) {
                    mean[ch] = c.normalize().mean(ch);
                    std[ch] = c.normalize().std(ch);
                }
                assertArrayEquals(mean, n.mean(), 1e-6, c.name());
                assertArrayEquals(std, n.std(), 1e-6, c.name());
            }
            int batch = 3;
            int size = c.spec().input().intSize();
            float[] pixels = new float[batch * size];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextDouble();
            }
            float[] normalised = pixels.clone();
            int plane = c.spec().input().height() * c.spec().input().width();
            for (int i = 0; i < batch * c.spec().input().channels(); i++) {
                c.normalize().apply(normalised, i * plane, plane, i % c.spec().input().channels());
            }
            double[][] reference = new ReferenceNetwork(c.spec()).forward(OnnxExportTest.toDouble(c.params()),
                    OnnxExportTest.toDouble(c.state()), OnnxExportTest.toDouble(normalised), batch, false, 0);
            double[] want = reference[reference.length - 1];
            float[] kiln = ImportedModels.predict(back, "java", normalised, batch);
            float[] ort = OnnxRuntimes.run(c.onnx(), pixels, batch, c.spec().input().channels(), c.spec().input().height(),
                    c.spec().input().width());
            double error = Math.max(OnnxRuntimes.maxRelativeError(kiln, want), OnnxRuntimes.maxRelativeError(ort, want));
            assertTrue(error <= OnnxExportTest.TOLERANCE, c.name() + " " + c.spec() + ": relative error " + error + "\n"
                    + back.source());
            worst = Math.max(worst, error);
        }
        System.out.printf("[onnx round trip] %d random networks exported (8 with a normalisation), imported, compiled and run:"
                + " max relative error %.2e against the reference%n", NETWORKS, worst);
    }

    /**
     * Whether the DSL can declare {@code spec}: the builder also makes conv paddings that are asymmetric
     * without being Keras' same, or as large as the kernel, which the processor refuses.
     */
    private static boolean declarable(NetworkSpec spec) {
        for (var l : spec.layers()) {
            if (l instanceof dev.kiln.spec.Conv2dOp c && !c.same()) {
                var w = c.window();
                if (w.padTop() != w.padBottom() || w.padLeft() != w.padRight() || w.padTop() >= w.effectiveKernelH()
                        || w.padLeft() >= w.effectiveKernelW()) {
                    return false;
                }
            }
        }
        return true;
    }

    private record Case(String name, NetworkSpec spec, float[] params, float[] state, Normalization normalize, byte[] onnx) {}
}
