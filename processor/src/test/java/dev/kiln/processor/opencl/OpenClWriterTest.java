package dev.kiln.processor.opencl;

import static org.jocl.CL.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.processor.writer.opencl.OpenClWriter;
import dev.kiln.runtime.opencl.OpenClLaunch;
import dev.kiln.runtime.opencl.OpenClProgram;
import dev.kiln.spec.NetworkSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
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

/** The generated program's shape: templates that compile alone, deterministic output, unique kernel names, safe prefixes. */
class OpenClWriterTest {

    @ParameterizedTest(name = "{0}.cl compiles on its own")
    @ValueSource(strings = {"conv", "pool", "dense", "dropout", "loss", "optimizer"})
    void everyTemplateCompilesOnItsOwn(String family) throws IOException {
        OpenClTestSupport.requireOpenCl();
        String source;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/kiln/opencl/" + family + ".cl")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String log = buildLog(source);
        assertEquals("", log, family + ".cl does not build on its own");
    }

    @Test
    void theOutputIsDeterministic() {
        NetworkSpec spec = Networks.fashionCnn();
        assertEquals(OpenClWriter.source(spec), OpenClWriter.source(spec));
        assertEquals(OpenClWriter.write(spec, null).toString(), OpenClWriter.write(spec, null).toString());
    }

    @Test
    void oneSpecialisedCopyPerLayerWithUniqueKernelNames() {
        NetworkSpec spec = Networks.leNet5();
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
        NetworkSpec spec = NetworkSpec.builder("t.Macros", 1, 6, 6, Loss.SOFTMAX_CROSS_ENTROPY)
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
        NetworkSpec.Builder b = NetworkSpec.builder("t.Deep", 1, 2, 2, Loss.MEAN_SQUARED_ERROR).flatten("flat");
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
