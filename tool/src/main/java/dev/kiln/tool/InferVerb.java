package dev.kiln.tool;

import dev.kiln.interop.Npy;
import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.io.OutputFiles;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln infer SPEC --weights W --input X.npy --output Y.npy}: raw tensors in and out, for checking
 * a network against other tools. X is a float32 NumPy array (N, C, H, W) of pixels as {@code predict}
 * takes them (the checkpoint's normalisation is applied, as to pictures); Y the network's outputs after
 * the last layer's activation, float32 (N, K), as {@code predict} computes them.
 */
@Command(name = "infer", description = "run a network on a NumPy array of images (N, C, H, W) and write its outputs (N, K) "
        + "as a NumPy array, for comparing with other tools")
final class InferVerb extends Verb {
    /** Images per call of the backend: enough to keep it busy, little memory. */
    private static final int BATCH = 64;

    @Mixin
    ModelOptions network;
    @Mixin
    WeightsOption weights;

    @Option(names = "--input", paramLabel = "X.npy", required = true, description = "float32 images (N, C, H, W), pixels "
            + "as kiln predict takes them (in [0, 1]); the checkpoint's normalisation, if it records one, is applied")
    Path input;

    @Option(names = "--output", paramLabel = "Y.npy", required = true, description = "where to write the outputs, float32 "
            + "(N, K), after the last layer's activation; - prints them, one image per line")
    String output;

    @Mixin
    BackendOptions backends;

    @Mixin
    OverwriteOption overwrite;

    @Override
    int run(Session session) {
        if (!Files.isRegularFile(input)) {
            throw new KilnException("--input " + input + ": no such file; give a NumPy .npy array of images (N, C, H, W)");
        }
        boolean print = output.equals("-");
        if (!print) {
            overwrite.claim("--output", Path.of(output));
        }
        KilnModel model = network.model();
        NetworkSpec spec = model.spec();
        Npy.Array x = Npy.read(input, "--input " + input);
        Shape in = spec.input();
        long[] s = x.shape();
        if (s.length != 4 || s[1] != in.channels() || s[2] != in.height() || s[3] != in.width() || s[0] < 1) {
            throw new KilnException("--input " + input + " has shape " + x.shapeText() + "; " + spec.simpleName() + " reads "
                    + "images (N, " + in.channels() + ", " + in.height() + ", " + in.width() + ") with N at least 1");
        }
        Checkpoints.Loaded loaded = weights.load(model);
        Map<String, String> metadata = weights.metadata();
        String recorded = metadata.get(Dataset.METADATA_NORMALIZE);
        Normalization normalize = recorded == null ? Normalization.NONE : Normalization.parse(recorded);
        normalize.check(in.channels());
        int count = Math.toIntExact(s[0]);
        int size = in.intSize();
        int plane = in.height() * in.width();
        int k = spec.output().intSize();
        float[] images = x.values().clone();
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < in.channels(); c++) {
                normalize.apply(images, (i * in.channels() + c) * plane, plane, c);
            }
        }
        float[] outputs = new float[count * k];
        int batch = Math.min(BATCH, count);
        try (Backend backend = backends.open(model, OptimizerConfig.adam().build(), print ? session.err : session.out)) {
            backend.setParameters(loaded.params());
            backend.setState(loaded.state());
            backend.plan(batch);
            float[] chunk = new float[batch * size];
            float[] result = new float[batch * k];
            for (int start = 0; start < count; start += batch) {
                int n = Math.min(batch, count - start);
                System.arraycopy(images, start * size, chunk, 0, n * size);
                backend.predict(chunk, n, result);
                System.arraycopy(result, 0, outputs, start * k, n * k);
            }
        }
        if (print) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < count; i++) {
                line.setLength(0);
                for (int j = 0; j < k; j++) {
                    line.append(j == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.9g", outputs[i * k + j]));
                }
                session.out.println(line);
            }
            return 0;
        }
        Path file = Path.of(output);
        OutputFiles.write(file, Npy.bytes(new Npy.Array(new long[] {count, k}, outputs)));
        session.out.printf("wrote %s: %s's outputs for %d image%s, float32 (%d, %d)%s%n", file, spec.simpleName(), count,
                count == 1 ? "" : "s", count, k, normalize.isNone() ? "" : "; inputs normalised with the checkpoint's "
                        + normalize + " (means, then stds)");
        return 0;
    }
}
