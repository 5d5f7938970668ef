package dev.kiln.bench;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One contestant in a JVM of its own, measured on the parent's request (see {@link ContestantProcess}):
 * it builds the same batches as every other contestant, says {@code ready}, then answers one
 * measurement per command line until {@code quit}.
 *
 * <p>Usage: {@code ContestantServer NETWORK KEY}. Protocol lines start with {@value #TAG} (a library
 * may print anything else on standard output): {@code ready\tDESCRIPTION}, {@code error\tMESSAGE},
 * and for a command {@code train|infer WARMUP WINDOW CHUNK MAX_OTHERS PATIENCE} the answer
 * {@code result\tIMAGES_PER_S\tSTEPS\tBYTES_PER_STEP\tCHUNKS\tDROPPED\tCLEAN_S}.
 */
public final class ContestantServer {
    static final String TAG = "kiln-bench\t";

    private ContestantServer() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        String network = args[0];
        String key = args[1];
        Contestant c;
        Batch[] train;
        Batch[] infer;
        try {
            Dataset data = FashionMnist.train(null);
            int batch = Options.trainingBatch(network);
            train = Workload.slice(data, batch, Workload.TRAINING_BATCHES);
            infer = Workload.slice(data, Options.INFERENCE_BATCH, Workload.INFERENCE_BATCHES);
            c = Contestants.create(key, network, Math.max(batch, Options.INFERENCE_BATCH));
            out.println(TAG + "ready\t" + c.description().replace('\t', ' ').replace('\n', ' '));
        } catch (RuntimeException | LinkageError e) {
            e.printStackTrace();
            out.println(TAG + "error\t" + oneLine(e));
            System.exit(1);
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("quit")) {
                break;
            }
            try {
                Throughput.Plan plan = new Throughput.Plan(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
                Throughput.Result r = f[0].equals("train") ? Throughput.training(c, train, plan) : Throughput.inference(c, infer, plan);
                out.println(TAG + String.format(Locale.ROOT, "result\t%s\t%d\t%s\t%d\t%d\t%s", r.imagesPerSecond(), r.steps(),
                        r.bytesPerStep(), r.chunks(), r.dropped(), r.cleanSeconds()));
            } catch (RuntimeException | LinkageError e) {
                e.printStackTrace();
                out.println(TAG + "error\t" + oneLine(e));
            }
        }
        c.close();
        System.exit(0); // DL4J's, libtorch's and PoCL's native threads must not keep the JVM alive
    }

    static String oneLine(Throwable e) {
        return e.toString().replace('\t', ' ').replace('\n', ' ');
    }
}
