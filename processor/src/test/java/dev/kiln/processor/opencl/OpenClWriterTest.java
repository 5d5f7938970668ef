package dev.kiln.processor.opencl;

import static org.jocl.CL.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.processor.writer.opencl.KernelSources;
import dev.kiln.opencl.OpenClLaunch;
import dev.kiln.opencl.OpenClProgram;
import dev.kiln.processor.writer.opencl.OpenClWriter;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.NetworkSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated program's shape: templates that compile alone, LeNet-5's copies and launches against
 * hand-worked values, unique kernel names, safe prefixes.
 */
class OpenClWriterTest {

    @ParameterizedTest(name = "{0}.cl compiles on its own after the prelude")
    @ValueSource(strings = {"conv", "pool", "dense", "dropout", "loss", "optimizer", "fold", "multiply", "slice", "shuffle", "activation"})
    void everyTemplateCompilesOnItsOwn(String family) throws IOException {
        OpenClTestSupport.requireOpenCl();
        String log = buildLog(KernelSources.standalone(family));
        assertEquals("", log, family + ".cl does not build on its own");
    }

    /**
     * LeNet-5's program, against values worked out by hand from the network (not from the writer):
     * every layer's specialised copy in layer order with its geometry, activation and the offsets
     * of its parameters in the flat array (c1: 6 x 1 x 5 x 5 = 150 weights, then 6 biases; c3 starts
     * at 156 with 16 x 6 x 5 x 5 = 2,400 weights; and so on up to 61,706 parameters), and the
     * training step's launches in order: forward, the loss, backward in reverse layer order (no
     * input gradient for c1, which reads the image), then the optimiser.
     */
    @Test
    void leNet5sProgramStatesTheHandWorkedGeometryOffsetsAndLaunches() {
        NetworkSpec spec = SampleModels.model("LeNet5").spec();
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        expected.put("c1 Conv2d", defines("PREFIX c1, IC 1, IH 28, IW 28, OC 6, OH 28, OW 28, KH 5, KW 5, SH 1, SW 1, PT 2, PL 2,"
                + " DH 1, DW 1, HAS_BIAS 1, ACT 1, W_OFF 0, B_OFF 150"));
        expected.put("s2 MaxPool2d", defines("PREFIX s2, POOL_MAX 1, C 6, IH 28, IW 28, OH 14, OW 14, KH 2, KW 2, SH 2, SW 2, PT 0, PL 0"));
        expected.put("c3 Conv2d", defines("PREFIX c3, IC 6, IH 14, IW 14, OC 16, OH 10, OW 10, KH 5, KW 5, SH 1, SW 1, PT 0, PL 0,"
                + " HAS_BIAS 1, ACT 1, W_OFF 156, B_OFF 2556"));
        expected.put("s4 MaxPool2d", defines("PREFIX s4, POOL_MAX 1, C 16, IH 10, IW 10, OH 5, OW 5, KH 2, KW 2, SH 2, SW 2"));
        expected.put("c5 Conv2d", defines("PREFIX c5, IC 16, IH 5, IW 5, OC 120, OH 1, OW 1, KH 5, KW 5, PT 0, PL 0,"
                + " HAS_BIAS 1, ACT 1, W_OFF 2572, B_OFF 50572"));
        expected.put("f6 Dense", defines("PREFIX f6, IN 120, UNITS 84, HAS_BIAS 1, ACT 1, W_OFF 50692, B_OFF 60772"));
        expected.put("out Dense", defines("PREFIX out, IN 84, UNITS 10, HAS_BIAS 1, ACT 0, W_OFF 60856, B_OFF 61696"));
        expected.put("loss SOFTMAX_CROSS_ENTROPY", defines("LOSS 1, SIZE 10"));
        expected.put("optimiser update of 61706 parameters", defines("COUNT 61706"));

        Map<String, Map<String, String>> actual = injectedDefines(OpenClWriter.source(spec));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "one specialised copy per layer, in layer order");
        expected.forEach((copy, defines) -> defines.forEach((name, value) ->
                assertEquals(value, actual.get(copy).get(name), copy + ": #define " + name)));

        OpenClProgram program = GeneratedPrograms.load(spec);
        List<String> training = new ArrayList<>();
        program.trainingPlan().forEach(l -> training.add(l.kernel()));
        assertEquals(List.of("c1_forward", "s2_forward", "c3_forward", "s4_forward", "c5_forward", "f6_forward", "out_forward",
                "kiln_loss_loss",
                "out_backward_params", "out_backward_input", "f6_backward_params", "f6_backward_input",
                "c5_backward_params", "c5_backward_input", "s4_backward", "c3_backward_params", "c3_backward_input",
                "s2_backward", "c1_backward_params"), training);
        assertEquals(7, program.forwardLaunches());
        assertEquals(20, program.trainingStepLaunches(), "19 launches and the optimiser's");
    }

    /** {@code "A 1, B 2"} as a map. */
    private static Map<String, String> defines(String list) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String d : list.split(",\\s*")) {
            String[] nv = d.trim().split(" ");
            m.put(nv[0], nv[1]);
        }
        return m;
    }

    /** For each copy's header line ({@code /* ===== TITLE: family.cl ...}), the {@code #define}s the writer injects right after it. */
    private static Map<String, Map<String, String>> injectedDefines(String source) {
        Map<String, Map<String, String>> copies = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : source.split("\n")) {
            if (line.startsWith("/* ===== ")) {
                String title = line.substring("/* ===== ".length(), line.lastIndexOf(':'));
                title = title.replaceAll(" [\\[(].*", ""); // "c1 Conv2d [(1, 28, 28)] -> (6, 28, 28)" -> "c1 Conv2d"
                current = new LinkedHashMap<>();
                copies.put(title, current);
            } else if (current != null && line.startsWith("#define ")) {
                String[] nv = line.substring("#define ".length()).split(" ", 2);
                current.put(nv[0], nv.length > 1 ? nv[1] : "");
            } else {
                current = null;
            }
        }
        return copies;
    }

    @Test
    void oneSpecialisedCopyPerLayerWithUniqueKernelNames() {
        NetworkSpec spec = SampleModels.model("LeNet5").spec();
        String source = OpenClWriter.source(spec);
        for (String layer : List.of("c1 Conv2d", "s2 MaxPool2d", "c3 Conv2d", "s4 MaxPool2d", "c5 Conv2d", "f6 Dense", "out Dense")) {
            assertTrue(source.contains("/* ===== " + layer), "a copy of the template for " + layer);
        }
        assertTrue(source.contains("#define PREFIX c1\n"), "kernel names come from the layer names");
        OpenClProgram program = GeneratedPrograms.load(spec);
        Set<String> kernels = new HashSet<>();
        for (OpenClLaunch l : program.trainingPlan()) {
            assertTrue(kernels.add(l.kernel()), "kernel " + l.kernel() + " appears once in a training step");
        }
        assertTrue(kernels.contains("c1_forward") && kernels.contains("c1_backward_params") && kernels.contains("out_backward_input"));
        assertTrue(!kernels.contains("c1_backward_input"), "nothing needs the gradient of the input image");
    }

    /** Layer names that are macros of the templates or OpenCL words must not reach the preprocessor as they are. */
    @Test
    void layerNamesThatAreMacrosStillBuild() {
        OpenClTestSupport.requireOpenCl();
        NetworkSpec spec = SpecBuilder.of("t.Macros", 1, 6, 6, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("IC", 2, Networks.square(3, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("global", Networks.square(2, 2, 0))
                .flatten("C")
                .dense("kiln_loss", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
        Parity.check(spec, 11, 2);
    }

    /** 500 layers (the front's limit): the generated class stays under the JVM's per-method and constant limits. */
    @Test
    void aFiveHundredLayerNetworkCompiles() {
        SpecBuilder b = SpecBuilder.of("t.Deep", 1, 2, 2, Loss.MEAN_SQUARED_ERROR).flatten("flat");
        for (int i = 0; i < 499; i++) {
            b.dense("d" + i, 4, true, Activation.TANH, Init.DEFAULT);
        }
        NetworkSpec spec = b.build();
        OpenClProgram program = GeneratedPrograms.load(spec);
        assertEquals(499 + 1 + 499 + 498 + 1, program.trainingStepLaunches(),
                "forward 499 + loss 1 + backward (499 params, 498 inputs) + update 1");
        assertTrue(program.source().length() > 1_000_000, "the source spans many string constants");
    }

    /** The build log of {@code source} on the first device, or "" when it builds. */
    private static String buildLog(String source) {
        CL.setExceptionsEnabled(true);
        cl_platform_id[] platform = new cl_platform_id[1];
        clGetPlatformIDs(1, platform, null);
        cl_device_id[] device = new cl_device_id[1];
        clGetDeviceIDs(platform[0], CL_DEVICE_TYPE_ALL, 1, device, null);
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, platform[0]);
        cl_context context = clCreateContext(props, 1, device, null, null, null);
        cl_program program = null;
        try {
            program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
            try {
                clBuildProgram(program, 0, null, "-cl-std=CL1.2", null, null);
                return "";
            } catch (CLException e) {
                long[] size = new long[1];
                clGetProgramBuildInfo(program, device[0], CL_PROGRAM_BUILD_LOG, 0, null, size);
                byte[] log = new byte[(int) size[0]];
                clGetProgramBuildInfo(program, device[0], CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
                return new String(log, StandardCharsets.UTF_8).trim() + " (" + e.getMessage() + ")";
            }
        } finally {
            if (program != null) {
                clReleaseProgram(program);
            }
            clReleaseContext(context);
        }
    }
}
